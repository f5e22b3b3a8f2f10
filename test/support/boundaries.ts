import { ManualClock, startTestServer } from './server.ts';
import type { TestServer } from './server.ts';

/**
 * The setup the boundary tests (test/api/boundaries.*.test.ts) share: a server on a clock the
 * tests move, with a one-hour delivery window, and a household to probe it with.
 */
export function boundariesClock(): ManualClock {
  return new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
}

export function startBoundariesServer(clock: ManualClock): Promise<TestServer> {
  return startTestServer({ clock, deliveryWindowMs: 3_600_000 });
}

/** A customer with a two-seat subscription and one device ("Kitchen PC"), sent to and pending. */
export async function household(server: TestServer) {
  const product = await server.createProduct();
  const customer = await server.newCustomer();
  const sub = await server.subscriptionFor(customer, { product: product.id, seats: 2 });
  const device = await server.newDevice(customer, { name: 'Kitchen PC' });
  const sent = await server.send(customer, sub.id, [device.deviceId]);
  return { product, customer, sub, device, deliveryId: sent.body.results[0].delivery.id as string };
}

export type Household = Awaited<ReturnType<typeof household>>;
