import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { freshDatabase } from '../support/databases.ts';
import { Client } from '../support/http.ts';
import { freePort, runMain } from '../support/process.ts';
import { SseReader } from '../support/sse.ts';
import { skipWithoutPostgres as skip } from '../support/two-nodes.ts';

describe('SEATPOST_WORKERS', () => {
  test(
    'SEATPOST_WORKERS=2 on PostgreSQL: two processes share the port, and a send reaches streams held by either',
    { skip },
    async () => {
      const db = await freshDatabase();
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const operatorKey = randomBytes(18).toString('base64url');
      const { child, exited, until } = runMain({
        DATABASE_URL: db.url,
        PORT: String(port),
        SEATPOST_PUBLIC_URL: url,
        SEATPOST_OPERATOR_KEY: operatorKey,
        SEATPOST_AUTH_SECRET: randomBytes(32).toString('base64url'),
        SEATPOST_DEMO: '0',
        SEATPOST_WORKERS: '2',
        LOG_LEVEL: 'warn',
      });
      try {
        await until(/Workers: 2 processes/, 30_000);
        const operator = new Client(url, { authorization: `Bearer ${operatorKey}` });
        const anonymous = new Client(url, { origin: url });
        const product = await operator.post('/v1/operator/products', {
          id: 'workers-product',
          name: 'Workers',
          app: 'seatpost-security',
          appVersions: '>=21.0.0 <23',
          regions: [],
          business: false,
          perUserService: false,
        });
        assert.equal(product.status, 201);
        assert.equal(
          (
            await anonymous.post('/v1/auth/sign-up', {
              email: 'workers@example.com',
              password: 'correct horse battery',
              name: 'Workers',
              country: 'DK',
              language: 'en',
            })
          ).status,
          202,
        );
        // Sign-up signs nobody in (issue 17): sign in.
        await anonymous.post('/v1/auth/sign-in', {
          email: 'workers@example.com',
          password: 'correct horse battery',
        });
        const issued = await operator.post('/v1/operator/subscriptions', {
          product: 'workers-product',
          kind: 'paid',
          renewal: 'auto',
          unit: 'device',
          seats: 10,
          expiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString(),
        });
        assert.equal(
          (await anonymous.post('/v1/me/subscriptions', { activationCode: issued.body.activationCode }))
            .status,
          201,
        );
        // Six devices, six streams: the cluster spreads the connections over both processes.
        const devices = [];
        for (let i = 0; i < 6; i++) {
          const code = (await anonymous.post('/v1/me/connect-codes')).body.code;
          const r = await new Client(url).post('/v1/device/connect', {
            code,
            name: `D${i}`,
            platform: 'windows',
            apps: [{ app: 'seatpost-security', version: '22.1.0' }],
          });
          devices.push(r.body as { deviceId: string; token: string });
        }
        const streams = devices.map(
          (d) => new SseReader(`${url}/v1/device/events`, { authorization: `Bearer ${d.token}` }),
        );
        for (const s of streams) assert.equal(await s.status, 200);
        for (const d of devices) {
          const sent = await anonymous.post(`/v1/me/subscriptions/${issued.body.id}/deliveries`, {
            deviceIds: [d.deviceId],
          });
          assert.ok(sent.body.results[0].delivery, JSON.stringify(sent.body));
        }
        for (const s of streams) await s.next((e) => e.event === 'delivery', 5_000);
        child.kill('SIGTERM');
        const [code] = await exited;
        assert.equal(code, 0);
        for (const s of streams) s.close();
      } finally {
        child.kill('SIGKILL');
        await db.drop();
      }
    },
  );

  test('SEATPOST_WORKERS=3 on the embedded SQLite database: says that it runs one process, and runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'seatpost-workers-'));
    const port = await freePort();
    const { child, exited, until, output } = runMain({
      DATABASE_URL: join(dir, 'db.sqlite'),
      PORT: String(port),
      SEATPOST_DEMO: '0',
      SEATPOST_WORKERS: '3',
      LOG_LEVEL: 'warn',
    });
    try {
      await until(/Seatpost is listening/, 20_000);
      const out = output();
      assert.match(out, /SEATPOST_WORKERS=3: the embedded SQLite database runs in one process/);
      assert.doesNotMatch(out, /Workers: 3/);
      assert.equal((await new Client(`http://127.0.0.1:${port}`).get('/readyz')).status, 200);
      child.kill('SIGTERM');
      assert.equal((await exited)[0], 0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
