import { enrollmentKeyState } from '../../domain/enrollment.ts';
import { inTransaction } from '../../store/database.ts';
import {
  claimEnrollmentKeyUse,
  findEnrollmentKeyByHash,
  releaseEnrollmentKeyUse,
} from '../../store/enrollment-keys.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { organizationTopic } from '../shared/notifier.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';
import type { DeviceReport } from './register-device.ts';
import { verifyConnectProof } from './device-proof.ts';
import { registerDevice } from './register-device.ts';

export interface EnrollInput extends DeviceReport {
  enrollmentKey: string;
  /** The app's Ed25519 key (base64url), and its signature of `seatpost-connect:<enrollmentKey>`. */
  publicKey?: string;
  proof?: string;
}

/**
 * Past the failure limit, an address still gets one key checked this often: a throttle, not a
 * lock-out. Keys carry 256 random bits, so no pace of guessing matters; what the limit stops is
 * one client hammering the database, without locking out a fleet enrolling behind the same NAT.
 */
const ENROLL_SLOW_LANE_MS = 200;

/** One answer for every key that does not enrol: unknown, revoked, expired or used up alike. */
const invalidKey = () =>
  new AppError('ENROLLMENT_KEY_INVALID', 'This enrolment key is not valid', { pointer: '/enrollmentKey' });

/**
 * Enrols a device with an organization's enrolment key, as a managed device of that
 * organization, in the key's group, audited under the key and its maker. Built so that a fleet
 * of thousands enrolling with one key from one address is not paced by the disk: the rows all
 * of them share (the address's count, the key's uses) are never locked across a disk flush.
 *
 * 1. The guard: one attempt is reserved against the client address before the key is looked
 *    up (`reserveAttempt`, one atomic statement), and forgiven when a key with that hash exists
 *    at all. Only keys that do not exist count: those are the guesses. (A revoked, expired or
 *    used-up key is refused with the same code, but retrying it guesses nothing, and a fleet
 *    behind one NAT retrying a used-up key must not throttle its neighbours.) The count's row is
 *    locked by single statements only, never across a round trip; the price is that an attempt
 *    counts while its key is looked up, so the limit is also how many checks one address may
 *    have in flight at once: it is set well above what a fleet's concurrent enrolments reach.
 * 2. The claim: one use of the key, by one conditional statement of its own
 *    (`claimEnrollmentKeyUse`), so that racing enrolments never pass `maxUses`.
 * 3. The device, in one transaction (`registerDevice`); if that fails, the use is given back.
 */
export async function enrollDevice(deps: Deps, input: EnrollInput, clientAddress: string) {
  const { enrollFailuresPerWindow: limit, enrollFailureWindowMs: windowMs } = deps.settings;
  const keyHash = secretHash(input.enrollmentKey.trim());
  // Pure, before anything is counted: a bad proof uses up nothing (the connect rule, key for code).
  const publicKey = verifyConnectProof({
    code: input.enrollmentKey,
    publicKey: input.publicKey,
    proof: input.proof,
  });
  const attempt = await reserveAttempt(deps, [
    { key: `enroll:${clientAddress}`, limit, windowMs, slowLaneMs: ENROLL_SLOW_LANE_MS },
  ]);
  const key = await findEnrollmentKeyByHash(deps.db, keyHash);
  if (!key) throw invalidKey();
  await attempt.forgive();
  // A key already known to be unusable fails fast; the conditional update decides the rest.
  if (enrollmentKeyState(key, deps.clock.now()) !== 'active') throw invalidKey();
  if (!(await claimEnrollmentKeyUse(deps.db, key.id, deps.clock.now()))) throw invalidKey();

  const token = deps.random.token(32);
  const deviceId = deps.random.id();
  try {
    await inTransaction(deps.db, (tx) =>
      registerDevice(
        tx,
        deps,
        {
          id: deviceId,
          token,
          owner: {
            accountId: key.createdBy,
            organizationId: key.organizationId,
            ...(key.createdByEmail ? { email: key.createdByEmail } : {}),
          },
          report: input,
          publicKey,
          group: key.group,
          clientAddress,
          auditDetail: { enrollmentKey: { id: key.id, name: key.name }, group: key.group },
        },
        deps.clock.now(),
      ),
    );
  } catch (error) {
    await releaseEnrollmentKeyUse(deps.db, key.id).catch(() => {});
    throw error;
  }
  deps.notifier.publish(organizationTopic(key.organizationId), { refresh: true });
  return { deviceId, token };
}
