import { Client } from '../test/support/http.ts';
import { benchToken, addDevices } from './dataset.ts';
import { newCustomer, percentile, subscriptionFor } from './customers.ts';
import type { Server } from './procs.ts';
import { log } from './procs.ts';
import { fmt, rows } from './report.ts';
import { FIG, FIRST_DEVICE } from './settings.ts';
import { openMany } from './sse.ts';

/**
 * Figure 2R, beside figure 2: from the owner's revoke call to the `revocation` event in the
 * device's stream, device after device, with the same targets as a delivery (issue 15).
 * Its devices are its own, after those of figures 2 and 4.
 */
export async function figure2R(seatpost: Server, dbUrl: string): Promise<void> {
  const count = Math.min(FIG.streamDevices, 200);
  log(`figure 2R: revoke → stream across ${fmt(count)} connected devices`);
  const customer = await newCustomer(seatpost, 'revokes');
  const first = FIRST_DEVICE.revoke;
  const ids = await addDevices(dbUrl, customer.id, first, count);
  const sub = await subscriptionFor(seatpost, customer, count);
  const sent = await customer.api.post(`/v1/me/subscriptions/${sub}/deliveries`, { deviceIds: ids });
  const made = (sent.body as { results: { deviceId: string; delivery?: { id: string } }[] }).results;
  const tokens = ids.map((_, k) => benchToken(first + k));
  // Each device completes its delivery: the subscription is active on all of them.
  for (const [k, r] of made.entries()) {
    if (!r.delivery) throw new Error(`figure 2R: send refused for ${r.deviceId}`);
    const device = new Client(seatpost.url, { authorization: `Bearer ${tokens[k]}` });
    const done = await device.post(`/v1/device/deliveries/${r.delivery.id}/complete`, {});
    if (done.status !== 200) throw new Error(`figure 2R: complete ${done.status}`);
  }
  const streams = await openMany(seatpost.url, tokens, 100);
  const latencies: number[] = [];
  try {
    for (const [i, id] of ids.entries()) {
      let arrived!: (at: number) => void;
      const arrival = new Promise<number>((r) => (arrived = r));
      streams[i]!.onEvent = (event, _data, at) => event === 'revocation' && arrived(at);
      const t = performance.now();
      const r = await customer.api.post(`/v1/me/devices/${id}/revoke`, { subscriptionId: sub });
      if (r.status !== 200) throw new Error(`figure 2R: revoke ${r.status} ${JSON.stringify(r.body)}`);
      const at = await Promise.race([
        arrival,
        new Promise<number>((_, reject) =>
          setTimeout(() => reject(new Error('no revocation in 10 s')), 10_000),
        ),
      ]);
      latencies.push(at - t);
    }
  } finally {
    for (const s of streams) s.close();
  }
  const p50 = percentile(latencies, 50);
  const p99 = percentile(latencies, 99);
  rows.push({
    figure: '2R',
    name: `revoke → revocation in the device's stream, ${fmt(count)} devices: p50 / p99`,
    measured: `${fmt(p50, 1)} / ${fmt(p99, 1)} ms`,
    target: '≤ 20 / ≤ 100 ms',
    ok: p50 <= 20 && p99 <= 100,
    sane: p99 <= 1_000,
  });
}
