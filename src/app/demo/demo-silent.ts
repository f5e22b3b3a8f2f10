import { touchDevice } from '../../store/devices.repository.ts';
import { createConnectCode } from '../devices/customer-devices.ts';
import { authenticateDevice, connectDevice } from '../devices/device-session.ts';
import { ackDelivery, completeDelivery } from '../sending/apply-delivery.ts';
import { portalScope } from '../sending/send-scope.ts';
import { sendToDevices } from '../sending/send-to-devices.ts';
import type { Deps } from '../shared/deps.ts';

const DAY = 86_400_000;

/**
 * A demo device that has been silent for 80 days while holding Seatpost Security (whose
 * `inactiveAfter` is 90 days): My devices shows when its seat frees, with Keep, and the
 * silent-devices job mails the demo account its warning. No agent plays it (it has no state file).
 */
export async function seedSilentDevice(deps: Deps, accountId: string, subscriptionId: string): Promise<void> {
  const { code } = await createConnectCode(deps, accountId);
  const { deviceId, token } = await connectDevice(
    deps,
    {
      code,
      name: 'Summer house PC',
      platform: 'windows',
      apps: [{ app: 'seatpost-security', version: '22.0.0' }],
    },
    'demo-seed',
  );
  const device = (await authenticateDevice(deps, token))!;
  const sent = await sendToDevices(deps, portalScope({ id: accountId, country: 'DK' }), subscriptionId, [
    deviceId,
  ]);
  const result = sent.results[0];
  if (result && 'delivery' in result) {
    await ackDelivery(deps, device, result.delivery.id);
    await completeDelivery(deps, device, result.delivery.id);
  }
  await touchDevice(deps.db, deviceId, new Date(deps.clock.now().getTime() - 80 * DAY));
}
