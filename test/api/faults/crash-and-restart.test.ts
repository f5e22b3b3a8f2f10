import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { openStore } from '../../../src/store/database.ts';
import { DIALECT, freshDatabase } from '../../support/databases.ts';
import type { Answer } from '../../support/http.ts';
import { Client } from '../../support/http.ts';
import { freePort, runMain } from '../../support/process.ts';

/**
 * A SIGKILL in the middle of work, then a restart on the same database: nothing the service
 * answered is lost, nothing is doubled, and every seat count is true.
 */

const OPEN = ['pending', 'delivered', 'action_required'];

/** `npm start` as a child process that a test can kill with SIGKILL. */
async function startProcess(env: Record<string, string>) {
  const p = runMain({ SEATPOST_DEMO: '0', LOG_LEVEL: 'warn', ...env });
  await p.until(/Seatpost is listening/, 30_000);
  return p;
}

type SendRecord = { key: string; customer: number; sub: string; devices: string[]; answer?: Answer };

test(`SIGKILL in the middle of hundreds of sends, check-ins and completions, then a restart: nothing lost or doubled, every seat count true (${DIALECT})`, async (t) => {
  const db = await freshDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: db.url,
    PORT: String(port),
    SEATPOST_PUBLIC_URL: url,
    SEATPOST_OPERATOR_KEY: randomBytes(18).toString('base64url'),
    SEATPOST_AUTH_SECRET: randomBytes(32).toString('base64url'),
  };
  let server = await startProcess(env);
  try {
    // Three customers, each with two subscriptions (few seats, so that sends contend) and 24 devices.
    const operator = new Client(url, { authorization: `Bearer ${env.SEATPOST_OPERATOR_KEY}` });
    assert.equal(
      (
        await operator.post('/v1/operator/products', {
          id: 'fault-product',
          name: 'Fault',
          app: 'seatpost-security',
          appVersions: '>=21.0.0 <23',
          regions: [],
          business: false,
          perUserService: false,
        })
      ).status,
      201,
    );
    const customers: { api: Client; subs: string[]; devices: { id: string; api: Client }[] }[] = [];
    for (let c = 0; c < 3; c++) {
      const api = new Client(url, { origin: url });
      const email = `fault${c}-${randomBytes(3).toString('hex')}@example.com`;
      const signUp = await api.post('/v1/auth/sign-up', {
        email,
        password: 'correct horse battery',
        name: `Fault ${c}`,
        country: 'DK',
        language: 'en',
      });
      assert.equal(signUp.status, 202);
      assert.equal(
        (await api.post('/v1/auth/sign-in', { email, password: 'correct horse battery' })).status,
        200,
      );
      const subs: string[] = [];
      for (const seats of [8, 15]) {
        const issued = await operator.post('/v1/operator/subscriptions', {
          product: 'fault-product',
          kind: 'paid',
          renewal: 'auto',
          unit: 'device',
          seats,
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        });
        assert.equal(
          (await api.post('/v1/me/subscriptions', { activationCode: issued.body.activationCode })).status,
          201,
        );
        subs.push(issued.body.id);
      }
      const devices = [];
      for (let d = 0; d < 24; d++) {
        const code = (await api.post('/v1/me/connect-codes')).body.code;
        const r = await new Client(url).post('/v1/device/connect', {
          code,
          name: `C${c} D${d}`,
          platform: 'windows',
          apps: [{ app: 'seatpost-security', version: '22.1.0' }],
        });
        assert.equal(r.status, 201);
        devices.push({
          id: r.body.deviceId,
          api: new Client(url, { authorization: `Bearer ${r.body.token}` }),
        });
      }
      customers.push({ api, subs, devices });
    }

    // The load: 16 workers sending, checking in, acknowledging, completing and undoing, until the kill.
    const sends: SendRecord[] = [];
    const completions: { deliveryId: string; device: Client; answer?: Answer }[] = [];
    let done = 0;
    let killed = false;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)]!;
    const worker = async () => {
      while (!killed) {
        const roll = Math.random();
        const c = Math.floor(Math.random() * customers.length);
        const customer = customers[c]!;
        try {
          if (roll < 0.45) {
            const devices = [...new Set([pick(customer.devices), pick(customer.devices)].map((d) => d.id))];
            const record: SendRecord = { key: randomUUID(), customer: c, sub: pick(customer.subs), devices };
            sends.push(record);
            record.answer = await customer.api.post(
              `/v1/me/subscriptions/${record.sub}/deliveries`,
              { deviceIds: devices },
              { 'idempotency-key': record.key },
            );
          } else if (roll < 0.9) {
            const device = pick(customer.devices);
            const waiting = await device.api.post('/v1/device/check-in', {
              apps: [{ app: 'seatpost-security', version: '22.1.0' }],
            });
            for (const d of (waiting.body?.deliveries ?? []) as { id: string }[]) {
              await device.api.post(`/v1/device/deliveries/${d.id}/ack`);
              const record: (typeof completions)[number] = { deliveryId: d.id, device: device.api };
              completions.push(record);
              record.answer = await device.api.post(`/v1/device/deliveries/${d.id}/complete`);
            }
          } else {
            const made = sends.filter((s) => s.answer?.status === 200 && s.customer === c);
            const delivery = made.length
              ? pick(made).answer!.body.results.find((r: { delivery?: unknown }) => r.delivery)?.delivery
              : undefined;
            if (delivery) await customer.api.post(`/v1/me/deliveries/${delivery.id}/undo`);
          }
          done++;
        } catch {
          return; // the server is gone: this request's outcome is unknown
        }
      }
    };
    const workers = Array.from({ length: 16 }, () => worker());
    const started = Date.now();
    while (done < 300 && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 5));
    server.child.kill('SIGKILL');
    killed = true;
    await server.exited;
    await Promise.all(workers);
    const unknownSends = sends.filter((s) => s.answer === undefined);
    assert.ok(done >= 300, `hundreds of operations before the kill (${done})`);

    // Restart on the same database. Every send whose answer was lost is retried with its key:
    // the stored answer comes back if it committed, or it is made now; never twice.
    server = await startProcess(env);
    for (const s of unknownSends) {
      s.answer = await customers[s.customer]!.api.post(
        `/v1/me/subscriptions/${s.sub}/deliveries`,
        { deviceIds: s.devices },
        { 'idempotency-key': s.key },
      );
    }
    for (const s of sends) assert.equal(s.answer!.status, 200, JSON.stringify(s.answer!.body));
    // A completion whose answer was lost is repeated: the same answer, or the rules' refusal.
    for (const c of completions.filter((c) => c.answer === undefined))
      c.answer = await c.device.post(`/v1/device/deliveries/${c.deliveryId}/complete`);

    // Seat counts as the service reports them, to compare with the rows below.
    const reported = new Map<string, { total: number; used: number; reserved: number }>();
    for (const customer of customers)
      for (const sub of customer.subs)
        reported.set(sub, (await customer.api.get(`/v1/me/subscriptions/${sub}`)).body.seats);
    server.child.kill('SIGTERM');
    assert.equal((await server.exited)[0], 0);

    const store = openStore(db.url);
    try {
      const deliveries = await store.db.selectFrom('deliveries').selectAll().execute();
      const byId = new Map(deliveries.map((d) => [d.id, d]));
      // Not lost: every delivery any answer named exists, for its device and subscription.
      const named = new Map<string, string>();
      for (const s of sends)
        for (const r of s.answer!.body.results as { deviceId: string; delivery?: { id: string } }[]) {
          if (!r.delivery) continue;
          const row = byId.get(r.delivery.id);
          assert.ok(row, `delivery ${r.delivery.id} was answered but is not stored`);
          assert.equal(row.device_id, r.deviceId);
          assert.equal(row.subscription_id, s.sub);
          assert.ok(
            !named.has(r.delivery.id) || named.get(r.delivery.id) === s.key,
            'one delivery, one send',
          );
          named.set(r.delivery.id, s.key);
        }
      // Not doubled: every stored delivery was answered to exactly one send.
      assert.deepEqual(new Set(byId.keys()), new Set(named.keys()));
      // One open delivery per device at most.
      const open = deliveries.filter((d) => OPEN.includes(d.status));
      assert.equal(new Set(open.map((d) => d.device_id)).size, open.length);
      // Each delivery announced to its device once.
      const events = await store.db.selectFrom('device_events').select(['delivery_id', 'status']).execute();
      for (const d of deliveries)
        assert.equal(events.filter((e) => e.delivery_id === d.id && e.status === 'pending').length, 1);
      assert.ok(events.every((e) => byId.has(e.delivery_id)));
      // Completions: every one answered 200 is stored completed; each completed delivery made one activation.
      for (const c of completions)
        if (c.answer?.status === 200 && c.answer.body.delivery?.status === 'completed')
          assert.equal(byId.get(c.deliveryId)?.status, 'completed');
      const activations = await store.db.selectFrom('activations').selectAll().execute();
      for (const d of deliveries.filter((d) => d.status === 'completed'))
        assert.equal(activations.filter((a) => a.delivery_id === d.id).length, 1);
      for (const a of activations) assert.equal(byId.get(a.delivery_id!)?.status, 'completed');
      const current = activations.filter((a) => a.ended_at === null);
      assert.equal(new Set(current.map((a) => `${a.device_id}/${a.app}`)).size, current.length);
      // Seats: what the service reports is what the activations and deliveries say, within the limit.
      for (const [sub, seats] of reported) {
        const used = new Set(current.filter((a) => a.subscription_id === sub).map((a) => a.device_id));
        const reserved = new Set(
          open.filter((d) => d.subscription_id === sub && !used.has(d.device_id)).map((d) => d.device_id),
        );
        assert.deepEqual(
          { used: seats.used, reserved: seats.reserved },
          { used: used.size, reserved: reserved.size },
        );
        assert.ok(used.size + reserved.size <= seats.total, `${sub}: ${used.size}+${reserved.size}`);
      }
      t.diagnostic(
        `${done} operations before the kill, ${unknownSends.length} sends in flight; ` +
          `${deliveries.length} deliveries, ${deliveries.filter((d) => d.status === 'completed').length} completed, ` +
          `${deliveries.filter((d) => d.status === 'cancelled').length} undone`,
      );
      assert.ok(
        deliveries.length >= 50,
        `the load made many deliveries (${deliveries.length}, ${completions.length} completions)`,
      );
    } finally {
      await store.close();
    }
  } finally {
    server.child.kill('SIGKILL');
    await db.drop();
  }
});
