import type { InstalledApp } from '../../domain/model.ts';
import { normalizeCode } from '../../domain/codes.ts';
import { identityScope } from '../../domain/device-identity.ts';
import { inTransaction } from '../../store/database.ts';
import type { Db } from '../../store/database.ts';
import { redeemConnectCode } from '../../store/connect-codes.repository.ts';
import { replaceApps } from '../../store/device-apps.repository.ts';
import {
  connectCodeDevice,
  findDeviceByKey,
  insertIdentity,
  keyOfDevice,
  replaceDeviceToken,
  setConnectCodeDevice,
  setHardwareId,
} from '../../store/device-identities.repository.ts';
import { insertDevice, lockDevices } from '../../store/devices.repository.ts';
import { applyLinkedSubscription } from '../downloads/apply-linked-subscription.ts';
import { recordAudit } from '../organizations/audit.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { accountTopic, organizationTopic } from '../shared/notifier.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import { deliveryView } from '../shared/views.ts';
import { emit } from '../webhooks/emit.ts';
import type { KeyProof } from './device-proof.ts';
import { verifyConnectProof } from './device-proof.ts';

export interface ConnectInput extends KeyProof {
  code: string;
  name: string;
  platform: string;
  region?: string;
  apps: InstalledApp[];
  /** An opaque hint from an app without a key: the portal suggests merging devices that share it. */
  hardwareId?: string;
}

/**
 * Past the limit, an address still gets one code checked every few seconds: a guesser there
 * would need some 10^10 years at that pace to hit one of thousands of live 50-bit codes, while
 * a colleague behind the same NAT address connects after a short retry instead of being locked
 * out for the window.
 */
const CONNECT_SLOW_LANE_MS = 3_000;

/**
 * Connects an app to the account whose one-time code it presents. Failed codes count per
 * client address (`connectFailuresPerWindow`), each attempt reserved atomically before the code
 * is checked (see `reserveAttempt`), so that parallel guesses cannot slip past the limit and
 * guessing 50-bit codes stays hopeless. A code that connects is forgiven, so honest devices
 * behind one address use up nothing. The request names no account, only the code, which is
 * itself the whole secret (one-time, living minutes): so the limit is per address, and the
 * code's 50 bits, not a count per account, are what protect an account.
 *
 * An app that proves a key (`device-proof.ts`) already known on the code's account (or
 * organization) is the same device: it gets its id back with a new token, the old token dies,
 * and its activations and seats stay as they were (`reconnected: true`, answered with 200).
 */
export async function connectDevice(deps: Deps, input: ConnectInput, clientAddress: string) {
  const { connectFailuresPerWindow: limit, connectFailureWindowMs: windowMs } = deps.settings;
  const publicKey = verifyConnectProof(input);
  const token = deps.random.token(32);
  const codeHash = secretHash(normalizeCode(input.code));
  const outcome = await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    // In the transaction: attempts from one address are checked one at a time (see reserveAttempt).
    const attempt = await reserveAttempt(
      deps,
      [{ key: `connect:${clientAddress}`, limit, windowMs, slowLaneMs: CONNECT_SLOW_LANE_MS }],
      tx,
    );
    const newId = deps.random.id();
    const owner = await redeemConnectCode(tx, codeHash, newId, now);
    if (!owner) {
      if (publicKey) await refuseReplayedProof(tx, codeHash, publicKey);
      return undefined;
    }
    await attempt.forgive();
    const scope = identityScope(owner);
    const known = publicKey ? await findDeviceByKey(tx, scope, publicKey) : undefined;
    let deviceId = newId;
    if (known?.connected) {
      deviceId = known.deviceId;
      await reconnect(
        tx,
        deps,
        { ...input, deviceId, owner, codeHash, tokenHash: secretHash(token), clientAddress },
        now,
      );
    } else {
      await insertDevice(
        tx,
        {
          id: deviceId,
          accountId: owner.accountId,
          organizationId: owner.organizationId,
          name: input.name,
          platform: input.platform,
          region: input.region?.toUpperCase() ?? null,
          tokenHash: secretHash(token),
        },
        dedupeApps(input.apps),
        now,
      );
      if (publicKey || input.hardwareId) {
        const i = { deviceId, scope, publicKey, hardwareId: input.hardwareId ?? null };
        if (!(await insertIdentity(tx, i, now)))
          throw new AppError(
            'DEVICE_KEY_IN_USE',
            'Another connection with this key is under way; try again',
            {
              pointer: '/publicKey',
            },
          );
      }
      await emit(tx, deps, 'device.connected', {
        deviceId,
        accountId: owner.accountId,
        organizationId: owner.organizationId,
        name: input.name,
        platform: input.platform,
      });
      if (owner.organizationId)
        await recordAudit(
          tx,
          deps,
          { accountId: owner.accountId, organizationId: owner.organizationId },
          clientAddress,
          {
            action: 'device.enroll',
            targetType: 'device',
            targetId: deviceId,
            detail: { name: input.name, platform: input.platform },
          },
        );
    }
    // A code from a download link also sends the link's subscription, applied at once if the rules allow.
    const linked = owner.subscriptionId
      ? await applyLinkedSubscription(tx, deps, {
          deviceId,
          accountId: owner.accountId,
          subscriptionId: owner.subscriptionId,
          now,
        })
      : null;
    return { ...owner, deviceId, reconnected: !!known?.connected, linked };
  });
  if (!outcome)
    throw new AppError(
      'CONNECT_CODE_INVALID',
      'This connect code is not valid: it may be wrong, used or expired',
      {
        pointer: '/code',
      },
    );
  deps.notifier.publish(
    outcome.organizationId ? organizationTopic(outcome.organizationId) : accountTopic(outcome.accountId),
    {
      refresh: true,
    },
  );
  if (outcome.linked)
    deps.notifier.publish(accountTopic(outcome.accountId), {
      delivery: deliveryView(outcome.linked.delivery, deps.clock.now()),
    });
  return {
    deviceId: outcome.deviceId,
    token,
    ...(outcome.reconnected ? { reconnected: true } : {}),
    ...outcome.linked?.answer,
  };
}

/**
 * A used code with a proof by the key of the device it connected: the same request again (a
 * retry, or someone replaying what they captured). It changes nothing, and says so plainly.
 */
async function refuseReplayedProof(tx: Db, codeHash: string, publicKey: string): Promise<void> {
  const usedBy = await connectCodeDevice(tx, codeHash);
  if (usedBy && (await keyOfDevice(tx, usedBy)) === publicKey)
    throw new AppError(
      'DEVICE_PROOF_REPLAYED',
      'This connect code and proof were already used: a proof works once. Get a new code to connect again',
      { pointer: '/proof' },
    );
}

/**
 * The same device connects again: a new token (the old one dies at once, on every node, since
 * every request looks its token up), the apps it reports now, and nothing else changed: its
 * name (perhaps given in the portal), activations and seats stay.
 */
async function reconnect(
  tx: Db,
  deps: Deps,
  r: ConnectInput & {
    deviceId: string;
    owner: { accountId: string; organizationId: string | null };
    codeHash: string;
    tokenHash: string;
    clientAddress: string;
  },
  now: Date,
): Promise<void> {
  await lockDevices(tx, [r.deviceId]);
  await replaceDeviceToken(
    tx,
    r.deviceId,
    r.tokenHash,
    { platform: r.platform, region: r.region?.toUpperCase() ?? null },
    now,
  );
  await replaceApps(tx, r.deviceId, dedupeApps(r.apps));
  if (r.hardwareId) await setHardwareId(tx, r.deviceId, r.hardwareId);
  await setConnectCodeDevice(tx, r.codeHash, r.deviceId);
  await emit(tx, deps, 'device.reconnected', {
    deviceId: r.deviceId,
    accountId: r.owner.accountId,
    organizationId: r.owner.organizationId,
    platform: r.platform,
  });
  if (r.owner.organizationId)
    await recordAudit(tx, deps, r.owner, r.clientAddress, {
      action: 'device.reconnect',
      targetType: 'device',
      targetId: r.deviceId,
      detail: { platform: r.platform },
    });
}

/** The apps as reported, one entry per app (the last one reported wins). */
export function dedupeApps(apps: InstalledApp[]): InstalledApp[] {
  // A device that runs one app (most do) reports a list with nothing to de-duplicate.
  if (apps.length < 2) return apps;
  return [...new Map(apps.map((a) => [a.app, a])).values()];
}
