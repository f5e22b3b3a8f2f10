import { SignJWT } from 'jose';
import { isUsable } from '../../domain/model.ts';
import { currentActivations } from '../../store/activations.repository.ts';
import type { DeviceRef } from '../../store/device-lookup.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { signingKey } from './licence-keys.ts';

/**
 * The device's offline licence: a compact JWS (EdDSA, Ed25519) naming the device and its current
 * subscriptions (usable ones: a blocked, suspended or expired one is left out), valid for `licenceTtlMs`. The app verifies it against /.well-known/jwks.json and
 * may keep working without the network until it expires; then it must check in again.
 */
export async function deviceLicence(deps: Deps, device: DeviceRef): Promise<string> {
  const [activations, { kid, key }] = await Promise.all([
    currentActivations(deps.db, [device.id]),
    signingKey(deps),
  ]);
  const now = deps.clock.now();
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT({
    subscriptions: activations
      .filter((a) => isUsable(a, now))
      .map((a) => ({
        id: a.subscriptionId,
        product: a.productId,
        expiresAt: a.expiresAt.toISOString(),
        renewal: a.renewal,
      })),
  })
    .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' })
    .setSubject(device.id)
    .setIssuer(deps.settings.publicUrl)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + Math.floor(deps.settings.licenceTtlMs / 1000))
    .sign(key);
}
