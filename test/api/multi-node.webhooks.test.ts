import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverDueWebhooks } from '../../src/app/webhooks/sender.ts';
import { freshDatabase } from '../support/databases.ts';
import type { TestDatabase } from '../support/databases.ts';
import { ManualClock, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';
import { skipWithoutPostgres } from '../support/two-nodes.ts';
import { WebhookReceiver } from '../support/webhook-receiver.ts';

/**
 * Two nodes on one PostgreSQL, both running the webhook workers at once: each message is claimed
 * by one of them (FOR UPDATE SKIP LOCKED and a lease), so the receiver gets every message exactly
 * once per attempt, and a retry after a failure is one attempt too.
 */
describe('webhooks across two nodes', { skip: skipWithoutPostgres }, () => {
  const clock = new ManualClock();
  let db: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  let receiver: WebhookReceiver;
  before(async () => {
    db = await freshDatabase();
    const settings = { webhookAllowPrivate: true };
    a = await startTestServer({ databaseUrl: db.url, clock, settings });
    b = await startTestServer({ databaseUrl: db.url, clock, settings, secrets: a.secrets });
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await receiver?.close();
    await b?.stop();
    await a?.stop();
    await db?.drop();
  });

  test('each attempt is sent once, whichever node sends it', async () => {
    const r = await a.operator.post('/v1/operator/webhook-endpoints', {
      url: receiver.url,
      events: ['subscription.issued'],
    });
    assert.equal(r.status, 201);
    receiver.secrets = [r.body.secret];
    // The first attempt of every third message fails, and is retried.
    receiver.respond = (m) => ({
      status:
        receiver.received.filter((x) => x.id === m.id).length === 1 && m.payload.data.seats === 3 ? 500 : 204,
    });
    const product = await a.createProduct();
    const N = 30;
    const issued = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 ? a : b).issueSubscription({ product: product.id, seats: (i % 3) + 1 }),
      ),
    );
    const runs = await Promise.all(
      [a, b, a, b].map((node) => deliverDueWebhooks(node.service.deps, undefined, N)),
    );
    assert.equal(
      runs.reduce((x, y) => x + y, 0),
      N,
    );
    assert.ok(runs[0]! + runs[2]! > 0 && runs[1]! + runs[3]! > 0, `both nodes sent: ${runs.join(', ')}`);
    clock.advance(5_000);
    const retries = await Promise.all([a, b].map((node) => deliverDueWebhooks(node.service.deps)));
    assert.equal(
      retries.reduce((x, y) => x + y, 0),
      N / 3,
    );
    assert.deepEqual(receiver.rejected, []);
    assert.equal(receiver.received.length, N + N / 3);
    const byId = new Map<string, number>();
    for (const m of receiver.received) byId.set(m.id, (byId.get(m.id) ?? 0) + 1);
    assert.equal(byId.size, N);
    const got = new Set(receiver.received.map((m) => m.payload.data.subscriptionId));
    assert.deepEqual(got, new Set(issued.map((s) => s.id)));
    const log = (await b.operator.get(`/v1/operator/webhook-endpoints/${r.body.id}/deliveries`)).body
      .attempts;
    assert.equal(log.length, N + N / 3);
    assert.equal(log.filter((x: { status: string }) => x.status === 'succeeded').length, N);
  });
});
