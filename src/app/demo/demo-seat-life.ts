import { createConnectCode } from '../devices/customer-devices.ts';
import { connectDevice } from '../devices/device-session.ts';
import { refusedTokenOfLostDevice, reportMyDeviceLost } from '../devices/lost-device.ts';
import type { Deps } from '../shared/deps.ts';

const APPS = [{ app: 'seatpost-security', version: '22.1.0' }];

/**
 * The life of a seat in the demo (issue 15), on the Devices page: two entries of one reinstalled
 * PC (the same hardware hint), offered as "These look like the same device — merge them?", and a
 * phone reported stolen whose app then tried to check in from 203.0.113.7. No agent plays them.
 */
export async function seedSeatLifeDemo(deps: Deps, accountId: string): Promise<void> {
  const connect = async (name: string, platform: string, hardwareId?: string) => {
    const { code } = await createConnectCode(deps, accountId);
    return connectDevice(
      deps,
      { code, name, platform, apps: APPS, ...(hardwareId ? { hardwareId } : {}) },
      'demo-seed',
    );
  };
  await connect('Study PC (before reinstall)', 'windows', 'demo-study-pc');
  await connect('Study PC', 'windows', 'demo-study-pc');
  const phone = await connect('Old phone', 'android');
  await reportMyDeviceLost(deps, accountId, phone.deviceId);
  await refusedTokenOfLostDevice(deps, phone.token, '203.0.113.7');
}
