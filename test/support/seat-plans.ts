import type { Customer, TestDevice, TestServer } from './server.ts';

/** Sends the subscription to the device and has the device complete it: the seat is held. */
export async function activate(
  server: TestServer,
  customer: Customer,
  subscriptionId: string,
  device: TestDevice,
) {
  const sent = await server.send(customer, subscriptionId, [device.deviceId]);
  const delivery = sent.body.results[0].delivery;
  if (!delivery) throw new Error(`activate: refused ${JSON.stringify(sent.body)}`);
  const done = await device.api.post(`/v1/device/deliveries/${delivery.id}/complete`);
  if (done.status !== 200) throw new Error(`complete: ${done.status} ${JSON.stringify(done.body)}`);
  return delivery.id as string;
}

/** The subscription's seats as the portal shows them. */
export async function seatsOf(customer: Customer, subscriptionId: string) {
  return (await customer.api.get(`/v1/me/subscriptions/${subscriptionId}`)).body.seats as {
    total: number;
    used: number;
    reserved: number;
  };
}

/** The ids of the subscriptions the device's app says are current. */
export async function currentOn(device: TestDevice): Promise<string[]> {
  return (await device.api.get('/v1/device/subscriptions')).body.subscriptions.map(
    (a: { subscriptionId: string }) => a.subscriptionId,
  );
}
