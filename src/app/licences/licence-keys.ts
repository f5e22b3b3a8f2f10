import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, importPKCS8 } from 'jose';
import type { CryptoKey } from 'jose';
import type { PublicLicenceKey } from '../../store/licence-keys.repository.ts';
import {
  insertLicenceKey,
  newestLicenceKey,
  publicLicenceKeys,
} from '../../store/licence-keys.repository.ts';
import type { Deps } from '../shared/deps.ts';

/** A licence-signing key as published in the JWKS. */
export interface LicencePublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/**
 * How long past `retired + TTL` an old key stays published: a node that read the old key an
 * instant before another rotated may still sign with it, so its last licences end a little later.
 */
export const RETIRED_KEY_GRACE_MS = 3_600_000;

/**
 * The key that signs licences now: the newest generation, made on first need and replaced once it
 * is `licenceKeyRotationMs` old (or cannot be opened with this node's secret). Nodes agree on it
 * because a generation can be inserted once: the node that loses the race reads the winner's.
 */
export async function signingKey(deps: Deps): Promise<{ kid: string; key: CryptoKey }> {
  let newest = await newestLicenceKey(deps.db);
  for (let attempt = 0; attempt < 2; attempt++) {
    const age = newest ? deps.clock.now().getTime() - newest.createdAt.getTime() : Infinity;
    const key = newest && (await deps.licenceKeys.opened(newest.id, newest.sealedPrivateKey, importPrivate));
    if (newest && key && age < deps.settings.licenceKeyRotationMs) return { kid: newest.id, key };
    newest = await addKey(deps, newest ? newest.generation + 1 : 0);
  }
  // Only when another node, sealing with another secret, keeps winning: a misconfiguration.
  throw new Error('The licence-signing key cannot be opened: do all nodes share SEATPOST_AUTH_SECRET?');
}

/** The operator's rotation: a new key signs from now on; the old one stays published (see `licenceJwks`). */
export async function rotateLicenceKey(deps: Deps): Promise<{ kid: string; createdAt: string }> {
  const newest = await newestLicenceKey(deps.db);
  const now = await addKey(deps, newest ? newest.generation + 1 : 0);
  return { kid: now.id, createdAt: now.createdAt.toISOString() };
}

/**
 * The public keys a device needs to verify any licence that may still be valid: the newest, and
 * each older one until the licences it signed have expired (its successor's start + TTL + grace).
 */
export async function licenceJwks(deps: Deps): Promise<{ keys: LicencePublicJwk[] }> {
  const now = deps.clock.now().getTime();
  const keys = await publicLicenceKeys(deps.db);
  const published = keys.filter((key, i) => {
    const successor: PublicLicenceKey | undefined = keys[i - 1];
    return (
      !successor || successor.createdAt.getTime() + deps.settings.licenceTtlMs + RETIRED_KEY_GRACE_MS > now
    );
  });
  return { keys: published.map((k) => JSON.parse(k.publicJwk) as LicencePublicJwk) };
}

/** Makes a key and stores it as `generation`, unless another node did first; either way, the newest. */
async function addKey(deps: Deps, generation: number) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const { x } = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint({ kty: 'OKP', crv: 'Ed25519', x: x! });
  const jwk: LicencePublicJwk = { kty: 'OKP', crv: 'Ed25519', x: x!, kid, alg: 'EdDSA', use: 'sig' };
  await insertLicenceKey(deps.db, {
    id: kid,
    generation,
    publicJwk: JSON.stringify(jwk),
    sealedPrivateKey: deps.licenceKeys.seal(kid, privateKey.export({ format: 'der', type: 'pkcs8' })),
    createdAt: deps.clock.now(),
  });
  return (await newestLicenceKey(deps.db))!;
}

function importPrivate(pkcs8: Buffer): Promise<CryptoKey> {
  const pem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
    format: 'pem',
    type: 'pkcs8',
  });
  return importPKCS8(pem as string, 'EdDSA');
}
