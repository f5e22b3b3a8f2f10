import { randomBytes } from 'node:crypto';
import { Client } from '../test/support/http.ts';
import { PRODUCT_ID } from './dataset.ts';
import type { Server } from './procs.ts';
import type { BenchStream } from './sse.ts';
import { openMany } from './sse.ts';

/** Customers, their subscriptions, and the time from a send to the event in a device's stream. */

interface SendAnswer {
  results: { deviceId: string; delivery?: { id: string } }[];
}

export interface Customer {
  api: Client;
  id: string;
}

export async function newCustomer(server: Server, tag: string): Promise<Customer> {
  const api = new Client(server.url, { origin: server.url });
  const email = `bench-${tag}-${randomBytes(3).toString('hex')}@bench.test`;
  const password = 'Bench sends to ten thousand devices';
  const r = await api.post('/v1/auth/sign-up', {
    email,
    password,
    name: `Bench ${tag}`,
    country: 'DK',
    language: 'en',
  });
  if (r.status !== 201 && r.status !== 202) throw new Error(`sign-up: ${r.status} ${JSON.stringify(r.body)}`);
  // Sign-up answers 202 without a session (no enumeration): sign in as a person would.
  const signedIn = await api.post('/v1/auth/sign-in', { email, password });
  if (signedIn.status !== 200)
    throw new Error(`sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
  const me = await api.get('/v1/me');
  return { api, id: (me.body as { id: string }).id };
}

export async function subscriptionFor(
  server: Server,
  customer: Customer,
  seats: number,
  product = PRODUCT_ID,
): Promise<string> {
  const issued = await server.operator.post('/v1/operator/subscriptions', {
    product,
    kind: 'paid',
    renewal: 'auto',
    unit: 'device',
    seats,
    expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
  if (issued.status !== 201) throw new Error(`issue: ${issued.status} ${JSON.stringify(issued.body)}`);
  const { id, activationCode } = issued.body as { id: string; activationCode: string };
  const added = await customer.api.post('/v1/me/subscriptions', { activationCode });
  if (added.status !== 201) throw new Error(`add: ${added.status}`);
  return id;
}

/** Sends the subscription to these devices at once; the number of deliveries made. */
export async function sendTo(customer: Customer, subscriptionId: string, deviceIds: string[]) {
  const r = await customer.api.post(`/v1/me/subscriptions/${subscriptionId}/deliveries`, { deviceIds });
  return (r.body as SendAnswer).results.filter((x) => x.delivery).length;
}

/**
 * From the send call to the event in the device's stream: each device in turn is sent the
 * subscription through `sender`, while its stream is held by `holder`.
 */
export async function sendToStreamLatency(
  sender: Server,
  holder: Server,
  customer: Customer,
  subscriptionId: string,
  devices: { id: string; token: string }[],
): Promise<number[]> {
  const streams: BenchStream[] = await openMany(
    holder.url,
    devices.map((d) => d.token),
    100,
  );
  const api = new Client(sender.url, { origin: sender.url });
  api.cookies = new Map(customer.api.cookies);
  const latencies: number[] = [];
  try {
    for (const [i, device] of devices.entries()) {
      let arrived!: (at: number) => void;
      const arrival = new Promise<number>((r) => (arrived = r));
      const stream = streams[i]!;
      stream.onDelivery = (d, at) => d.status === 'pending' && arrived(at);
      const sentAt = performance.now();
      const r = await api.post(`/v1/me/subscriptions/${subscriptionId}/deliveries`, {
        deviceIds: [device.id],
      });
      const result = (r.body as SendAnswer | null)?.results?.[0];
      if (!result?.delivery) throw new Error(`send refused: ${JSON.stringify(r.body)}`);
      const at = await Promise.race([
        arrival,
        new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no event in 10 s')), 10_000)),
      ]);
      latencies.push(at - sentAt);
    }
  } finally {
    for (const s of streams) s.close();
  }
  return latencies;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}
export const median = (xs: number[]) => percentile(xs, 50);
