import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { median, newCustomer, percentile, sendTo, subscriptionFor } from './customers.ts';
import { addDevices } from './dataset.ts';
import { log } from './procs.ts';
import type { Server } from './procs.ts';
import { failures, fmt, rows } from './report.ts';
import { FIG, FIRST_DEVICE } from './settings.ts';

/**
 * Figure W: webhooks to a local receiver that verifies each one as a vendor's would (the
 * `standardwebhooks` package). Latency: a change (a send to one device) → its `delivery.pending`
 * webhook, one change at a time. Throughput: a send to many devices at once → events a second
 * until the last has arrived, counted from the send's answer (the events' commit).
 */
export async function figureW(seatpost: Server, dbUrl: string): Promise<void> {
  const receiver = await startReceiver();
  try {
    const registered = await seatpost.operator.post('/v1/operator/webhook-endpoints', {
      url: receiver.url,
      events: ['delivery.pending'],
      description: 'bench',
    });
    if (registered.status !== 201) throw new Error(`webhook endpoint: ${registered.status}`);
    receiver.verifier = new Webhook((registered.body as { secret: string }).secret);

    const one = FIG.webhookChanges;
    const burst = FIG.webhookBurst;
    log(`figure W: ${fmt(one)} changes one at a time, then ${fmt(burst)} at once, to a webhook receiver`);
    const customer = await newCustomer(seatpost, 'webhooks');
    const first = FIRST_DEVICE.webhooks;
    const ids = await addDevices(dbUrl, customer.id, first, one + burst);
    const sub = await subscriptionFor(seatpost, customer, one + burst);

    const latency: number[] = [];
    for (const id of ids.slice(0, one)) {
      const t0 = performance.now();
      const arrived = receiver.arrival(id);
      if ((await sendTo(customer, sub, [id])) !== 1) throw new Error('figure W: a send was refused');
      latency.push((await arrived) - t0);
    }
    const many = ids.slice(one);
    const all = Promise.all(many.map((id) => receiver.arrival(id)));
    if ((await sendTo(customer, sub, many)) !== burst) throw new Error('figure W: the burst was refused');
    const committed = performance.now();
    const last = Math.max(...(await all));
    const perSecond = burst / ((last - committed) / 1000);
    if (receiver.invalid > 0) failures.push(`figure W: ${receiver.invalid} webhooks failed verification`);

    rows.push({
      figure: 'W',
      name: `a change → its webhook, verified by the receiver (${fmt(one)} one at a time): p50 / p99`,
      measured: `${fmt(median(latency), 1)} / ${fmt(percentile(latency, 99), 1)} ms`,
      target: '≤ 20 / ≤ 100 ms',
      ok: median(latency) <= 20 && percentile(latency, 99) <= 100,
      sane: percentile(latency, 99) <= 2_000,
    });
    rows.push({
      figure: 'W',
      name: `webhook throughput: ${fmt(burst)} events of one send, delivered and verified`,
      measured: `${fmt(perSecond)} events/s`,
      target: '≥ 200 events/s',
      ok: perSecond >= 200,
      sane: perSecond >= 20,
    });
  } finally {
    await receiver.close();
  }
}

interface Receiver {
  url: string;
  verifier: Webhook | null;
  invalid: number;
  /** When the `delivery.pending` webhook for this device arrives (performance.now()). */
  arrival(deviceId: string): Promise<number>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const waiting = new Map<string, (at: number) => void>();
  const receiver: Receiver = {
    url: '',
    verifier: null,
    invalid: 0,
    arrival: (deviceId) => new Promise((resolve) => waiting.set(deviceId, resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const body = Buffer.concat(chunks).toString();
      try {
        const event = receiver.verifier!.verify(body, req.headers as Record<string, string>) as {
          data: { deviceId: string };
        };
        waiting.get(event.data.deviceId)?.(at);
        waiting.delete(event.data.deviceId);
        res.writeHead(204).end();
      } catch {
        receiver.invalid++;
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}
