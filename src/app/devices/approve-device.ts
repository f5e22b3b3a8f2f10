import { formatUserCode, isDecidable, normalizeUserCode } from '../../domain/device-flow.ts';
import type { DeviceAuthorization } from '../../store/device-authorizations.repository.ts';
import { decide, findByUserCode } from '../../store/device-authorizations.repository.ts';
import { myOrganizations, requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { reserveAttempt } from '../shared/rate-limit.ts';

/**
 * The person's side of RFC 8628, in the portal: look a user code up, see what asks, approve it
 * into the account (or, as an admin, into one of their organizations) or deny it.
 *
 * User codes are short (20^8), so every look-up, approval and denial is an attempt reserved
 * against two limits before the code is checked (RFC 8628 §5.1; see `reserveAttempt`): per
 * account, so that one account cannot guess on, and per client address, high enough for an
 * office behind one address but not for a guesser with many accounts. A code found is forgiven.
 */
async function decidable(
  deps: Deps,
  accountId: string,
  typed: string,
  clientAddress: string,
): Promise<DeviceAuthorization & { userCode: string }> {
  const code = normalizeUserCode(typed);
  if (!code)
    throw new AppError('VALIDATION_FAILED', 'A code is eight letters, like BCDF-GHJK', {
      pointer: '/userCode',
    });
  const s = deps.settings;
  const attempt = await reserveAttempt(deps, [
    {
      key: `user-code:account:${accountId}`,
      limit: s.guessFailuresPerWindow,
      windowMs: s.guessFailureWindowMs,
    },
    {
      key: `user-code:address:${clientAddress}`,
      limit: s.addressGuessFailuresPerWindow,
      windowMs: s.guessFailureWindowMs,
    },
  ]);
  const found = await findByUserCode(deps.db, secretHash(code));
  if (!found || !isDecidable(found, deps.clock.now()))
    throw new AppError('NOT_FOUND', 'This code is not valid: it may be wrong, used or expired', {
      pointer: '/userCode',
    });
  await attempt.forgive();
  return { ...found, userCode: formatUserCode(code) };
}

/** What the person is asked to approve, and where they may approve it into. */
export async function lookUpDeviceAuthorization(
  deps: Deps,
  accountId: string,
  userCode: string,
  clientAddress: string,
) {
  const a = await decidable(deps, accountId, userCode, clientAddress);
  const organizations = (await myOrganizations(deps, accountId)).filter((o) => o.role === 'admin');
  return {
    userCode: a.userCode,
    deviceName: a.deviceName,
    platform: a.platform,
    expiresAt: a.expiresAt.toISOString(),
    organizations: organizations.map((o) => ({ id: o.id, name: o.name })),
  };
}

/** Approves the device into the account, or into `organizationId` (its admins only). */
export async function approveDeviceAuthorization(
  deps: Deps,
  accountId: string,
  input: { userCode: string; organizationId?: string },
  clientAddress: string,
) {
  const a = await decidable(deps, accountId, input.userCode, clientAddress);
  if (input.organizationId) await requireAdmin(deps, input.organizationId, accountId);
  const organizationId = input.organizationId ?? null;
  if (!(await decide(deps.db, a.id, { status: 'approved', accountId, organizationId }, deps.clock.now())))
    throw new AppError('NOT_FOUND', 'This code was approved, denied or expired meanwhile');
  return { status: 'approved' as const, deviceName: a.deviceName, organizationId };
}

export async function denyDeviceAuthorization(
  deps: Deps,
  accountId: string,
  input: { userCode: string },
  clientAddress: string,
) {
  const a = await decidable(deps, accountId, input.userCode, clientAddress);
  if (!(await decide(deps.db, a.id, { status: 'denied', accountId, organizationId: null }, deps.clock.now())))
    throw new AppError('NOT_FOUND', 'This code was approved, denied or expired meanwhile');
  return { status: 'denied' as const, deviceName: a.deviceName, organizationId: null };
}
