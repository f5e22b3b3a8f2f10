import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hit, peek, unhit } from '../../src/store/rate-limits.repository.ts';
import { DIALECT, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

let server: TestServer;
before(async () => (server = await startTestServer()));
after(async () => server.close());

test(`parallel hits are all counted, and a new window starts from one (${DIALECT})`, async () => {
  const db = server.service.deps.db;
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const counts = await Promise.all(Array.from({ length: 40 }, () => hit(db, 'k', 60_000, t0)));
  assert.deepEqual(
    counts.map((c) => c.count).sort((a, b) => a - b),
    Array.from({ length: 40 }, (_, i) => i + 1),
  );
  assert.equal(await peek(db, 'k', 60_000, new Date(t0.getTime() + 59_999)), 40);
  assert.equal(await peek(db, 'k', 60_000, new Date(t0.getTime() + 60_000)), 0);
  const next = await hit(db, 'k', 60_000, new Date(t0.getTime() + 60_000));
  assert.equal(next.count, 1);
  assert.equal(next.resetAt.toISOString(), '2026-01-01T00:02:00.000Z');
});

test(`a hit taken back counts no more, but never from a window that has restarted (${DIALECT})`, async () => {
  const db = server.service.deps.db;
  const t0 = new Date('2026-01-01T00:00:00.000Z');
  const first = await hit(db, 'u', 60_000, t0);
  await Promise.all(Array.from({ length: 4 }, () => hit(db, 'u', 60_000, t0)));
  await Promise.all(Array.from({ length: 3 }, () => unhit(db, 'u', first.windowStart)));
  assert.equal(await peek(db, 'u', 60_000, t0), 2);
  const later = new Date(t0.getTime() + 60_000);
  await hit(db, 'u', 60_000, later);
  await unhit(db, 'u', first.windowStart);
  assert.equal(await peek(db, 'u', 60_000, later), 1);
});
