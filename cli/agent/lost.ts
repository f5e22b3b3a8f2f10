import type { DeviceApi } from './api.ts';
import { DisconnectedError } from './api.ts';

/** The problem code of a request made with the token of a device reported lost or stolen. */
export const LOST_CODE = 'DEVICE_TOKEN_REVOKED';

/** What the agent says, and then exits 2, when its token is refused because the device was reported lost. */
export const REPORTED_LOST =
  'Reported lost: this device was reported lost or stolen in its account, so its token is refused ' +
  '(and this attempt is shown to the account). Its subscriptions have ended. If it was found, connect it ' +
  'again with a new code (--code).';

/**
 * The stream said the device is disconnected: one request with the token tells why, so that a
 * device reported lost says so rather than just "disconnected".
 */
export async function whyDisconnected(api: DeviceApi): Promise<DisconnectedError> {
  try {
    await api.subscriptions();
  } catch (err) {
    if (err instanceof DisconnectedError) return err;
  }
  return new DisconnectedError('the device was removed from the account.');
}
