import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { tokenIn } from '../../support/download-links.ts';
import { DIALECT, startTestServer } from '../../support/server.ts';

test(`link tokens and one-time codes never reach the logs (${DIALECT})`, async () => {
  const lines: string[] = [];
  const logged = await startTestServer({
    logger: {
      level: 'trace',
      stream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    },
  });
  try {
    const product = await logged.createProduct();
    const up = await fetch(
      `${logged.url}/v1/operator/products/${product.id}/releases?platform=linux&version=22.1.0`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${logged.operatorKey}`,
          'content-type': 'application/octet-stream',
        },
        body: 'installer',
      },
    );
    const installer = (await up.json()) as any;
    const customer = await logged.newCustomer();
    const sub = await logged.subscriptionFor(customer, { product: product.id });
    assert.equal(
      (await customer.api.post(`/v1/me/subscriptions/${sub.id}/download-links`, { email: customer.email }))
        .status,
      202,
    );
    const token = tokenIn((await customer.api.get('/v1/me/mailbox')).body.messages[0].text);
    assert.equal((await logged.anonymous().get(`/d/${token}`)).status, 200);
    assert.equal((await fetch(`${logged.url}/d/${token}/installers/${installer.id}`)).status, 200);
    const code = (await logged.anonymous().post(`/d/${token}/code`)).body.code as string;
    const connected = await logged.anonymous().post('/v1/device/connect', {
      code,
      name: 'Logged',
      platform: 'linux',
      apps: [{ app: product.app, version: '22.1.0' }],
    });
    assert.equal(connected.status, 201);
    const log = lines.join('');
    assert.match(log, /"url":"\/d\/…"/, 'the page request is logged, masked');
    for (const secret of [token, code, code.replace('-', ''), connected.body.token])
      assert.ok(!log.includes(secret), `${secret} is not in the logs`);
  } finally {
    await logged.close();
  }
});
