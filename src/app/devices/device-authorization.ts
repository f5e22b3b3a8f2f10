import {
  DEVICE_FLOW_CLIENT_ID,
  SLOW_DOWN_STEP_MS,
  USER_CODE_ALPHABET,
  USER_CODE_LENGTH,
  formatUserCode,
  pollVerdict,
} from '../../domain/device-flow.ts';
import type { OAuthError } from '../../domain/device-flow.ts';
import { CODE_ALPHABET } from '../../domain/codes.ts';
import { normalizeName } from '../../domain/text.ts';
import { inTransaction } from '../../store/database.ts';
import { insertConnectCode } from '../../store/connect-codes.repository.ts';
import {
  insertDeviceAuthorization,
  lockByDeviceCode,
  moveStatus,
  recordPoll,
  userCodeTaken,
} from '../../store/device-authorizations.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit } from '../shared/rate-limit.ts';
import { connectDevice } from './device-session.ts';

/**
 * The device's side of RFC 8628: it asks for a pair of codes, shows the user code, and polls the
 * token endpoint until a person has approved or denied it in the portal (./approve-device.ts).
 * Refusals are results (`{ error }`, the RFC's codes), not exceptions: the HTTP layer answers them
 * as RFC 6749 §5.2 says. Only the service's own failures (rate limits, storage) throw.
 */
export type OAuthRefusal = { error: OAuthError; description: string };

/** The name and platform a device that gave none is connected with (the person saw "not given"). */
const UNNAMED_DEVICE = 'Device';
const UNKNOWN_PLATFORM = 'unknown';

export interface DeviceAuthorizationInput {
  clientId: string;
  deviceName?: string;
  platform?: string;
}

export async function requestDeviceAuthorization(
  deps: Deps,
  input: DeviceAuthorizationInput,
  clientAddress: string,
) {
  if (input.clientId !== DEVICE_FLOW_CLIENT_ID) return unknownClient();
  const { deviceAuthorizationsPerAddressPerHour: perHour, publicUrl } = deps.settings;
  await countAndLimit(deps, `device-authorization:${clientAddress}`, perHour, 3_600_000);
  const now = deps.clock.now();
  const deviceCode = deps.random.token(32);
  // User codes stay unique for good, so that a code typed late never finds another device.
  let userCode = deps.random.code(USER_CODE_LENGTH, USER_CODE_ALPHABET);
  for (let tries = 1; await userCodeTaken(deps.db, secretHash(userCode)); tries++) {
    if (tries >= 5) throw new AppError('UNAVAILABLE', 'No free user code was found; try again');
    userCode = deps.random.code(USER_CODE_LENGTH, USER_CODE_ALPHABET);
  }
  const hint = (text: string | undefined) => (text === undefined ? null : normalizeName(text) || null);
  await insertDeviceAuthorization(
    deps.db,
    {
      id: deps.random.id(),
      deviceCodeHash: secretHash(deviceCode),
      userCodeHash: secretHash(userCode),
      clientId: input.clientId,
      deviceName: hint(input.deviceName),
      platform: hint(input.platform),
      intervalMs: deps.settings.deviceFlowIntervalMs,
      expiresAt: new Date(now.getTime() + deps.settings.deviceCodeTtlMs),
    },
    now,
  );
  const shown = formatUserCode(userCode);
  return {
    device_code: deviceCode,
    user_code: shown,
    verification_uri: `${publicUrl}/device`,
    verification_uri_complete: `${publicUrl}/device?user_code=${shown}`,
    expires_in: Math.round(deps.settings.deviceCodeTtlMs / 1000),
    interval: deps.settings.deviceFlowIntervalMs / 1000,
  };
}

export type TokenAnswer = OAuthRefusal | { accessToken: string; deviceId: string };

/**
 * One poll of the token endpoint. The answer is `pollVerdict`'s, from the request's row locked
 * for the poll, so parallel polls of one code are judged one after the other. An approved code is
 * exchanged once: it is marked used and a one-time connect code is made for the approver (or
 * their organization) in one transaction, and the device is then connected through the normal
 * connect path (`connectDevice`: webhooks, audit, notifications, the device's name and platform).
 */
export async function pollDeviceToken(
  deps: Deps,
  input: { clientId: string; deviceCode: string },
  clientAddress: string,
): Promise<TokenAnswer> {
  if (input.clientId !== DEVICE_FLOW_CLIENT_ID) return unknownClient();
  const judged = await inTransaction(deps.db, async (tx) => {
    const a = await lockByDeviceCode(tx, secretHash(input.deviceCode));
    if (!a || a.clientId !== input.clientId) return refusal('invalid_grant');
    const now = deps.clock.now();
    const verdict = pollVerdict({ ...a, now });
    if (verdict === 'authorization_pending') await recordPoll(tx, a.id, now, a.intervalMs);
    if (verdict === 'slow_down') await recordPoll(tx, a.id, now, a.intervalMs + SLOW_DOWN_STEP_MS);
    if (verdict !== 'issue') return refusal(verdict);
    await moveStatus(tx, a.id, 'approved', 'exchanged');
    const code = deps.random.code(10, CODE_ALPHABET);
    await insertConnectCode(
      tx,
      {
        codeHash: secretHash(code),
        accountId: a.accountId!,
        organizationId: a.organizationId,
        expiresAt: new Date(now.getTime() + 60_000),
      },
      now,
    );
    return { authorization: a, code };
  });
  if ('error' in judged) return judged;
  const { authorization: a, code } = judged;
  let connected;
  try {
    connected = await connectDevice(
      deps,
      { code, name: a.deviceName ?? UNNAMED_DEVICE, platform: a.platform ?? UNKNOWN_PLATFORM, apps: [] },
      clientAddress,
    );
  } catch (err) {
    // Not connected after all: the approval stands, and the device's next poll tries again.
    await moveStatus(deps.db, a.id, 'exchanged', 'approved');
    if (err instanceof AppError && err.code === 'RATE_LIMITED') return refusal('slow_down');
    throw err;
  }
  await moveStatus(deps.db, a.id, 'exchanged', 'exchanged', connected.deviceId);
  return { accessToken: connected.token, deviceId: connected.deviceId };
}

const DESCRIPTIONS: Record<OAuthError, string> = {
  invalid_request: 'The request is missing a parameter or has one twice',
  invalid_client: `Unknown client: the client_id is "${DEVICE_FLOW_CLIENT_ID}"`,
  invalid_grant: 'Unknown or already used device code',
  unsupported_grant_type: 'This token endpoint only exchanges device codes',
  authorization_pending: 'Not approved yet: keep polling',
  slow_down: 'Polling too fast: wait longer between polls',
  access_denied: 'The request was denied',
  expired_token: 'The device code has expired: start again',
};

export function refusal(error: OAuthError, description = DESCRIPTIONS[error]): OAuthRefusal {
  return { error, description };
}

function unknownClient(): OAuthRefusal {
  return refusal('invalid_client');
}
