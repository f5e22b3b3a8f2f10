import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { describe, test } from 'node:test';
import type { Settings } from '../../src/app/shared/deps.ts';
import { DIALECT, ManualClock, startTestServer } from '../support/server.ts';
import type { Customer, TestServer } from '../support/server.ts';

/**
 * The guessing limits under attack: parallel guesses (the limit is reserved atomically before
 * the secret is checked, so none slip past it), guessers spread over several client addresses
 * (sign-in also counts per account), and a NAT's shared address (one guesser there does not
 * lock the others out). The server sees the client's socket address (no proxy is trusted), so
 * each "client address" here is a loopback address the request's socket is bound to.
 */

interface Reply {
  status: number;
  body: any;
  headers: Record<string, string>;
}

/** A JSON POST whose socket comes from `from` (any 127.x.y.z works on Linux). */
async function postFrom(
  server: TestServer,
  from: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return (await burst(server, from, [{ path, body, headers }]))[0]!;
}

/**
 * Many JSON POSTs from `from` at the very same moment: every socket is connected first, then
 * all the requests are written in one go, so the server reads them together (the race an
 * attacker would try). Each answer is read to the end of its connection.
 */
async function burst(
  server: TestServer,
  from: string,
  requests: { path: string; body: unknown; headers?: Record<string, string> }[],
): Promise<Reply[]> {
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port: server.port, localAddress: from }, () =>
            resolve(socket),
          );
          socket.on('error', reject);
        }),
    ),
  );
  const answers = sockets.map(
    (socket) =>
      new Promise<Reply>((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on('data', (c: Buffer) => chunks.push(c));
        socket.on('error', reject);
        socket.on('end', () => resolve(parseAnswer(Buffer.concat(chunks).toString())));
      }),
  );
  requests.forEach((r, i) => {
    const data = JSON.stringify(r.body);
    const head = {
      host: `127.0.0.1:${server.port}`,
      origin: server.url,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(data)),
      connection: 'close',
      ...r.headers,
    };
    const lines = Object.entries(head).map(([k, v]) => `${k}: ${v}`);
    sockets[i]!.write(`POST ${r.path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${data}`);
  });
  return Promise.all(answers);
}

function parseAnswer(text: string): Reply {
  const split = text.indexOf('\r\n\r\n');
  const [statusLine, ...headerLines] = text.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  assert.ok(!/chunked/i.test(headers['transfer-encoding'] ?? ''), 'answers come with a length');
  const body = text.slice(split + 4);
  return { status: Number(statusLine!.split(' ')[1]), body: body ? JSON.parse(body) : null, headers };
}

const signInFrom = (server: TestServer, from: string, email: string, password: string) =>
  postFrom(server, from, '/v1/auth/sign-in', { email, password });

const cookieOf = (c: Customer) => [...c.api.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

function tally(replies: Reply[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

function assertLimited(r: Reply) {
  assert.equal(r.status, 429);
  assert.equal(r.body.code, 'RATE_LIMITED');
  assert.match(String(r.headers['content-type']), /^application\/problem\+json/);
  assert.ok(Number(r.headers['retry-after']) > 0);
}

async function withServer(
  settings: Partial<Settings>,
  fn: (s: TestServer, clock: ManualClock) => Promise<void>,
) {
  const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
  const s = await startTestServer({ clock, settings });
  try {
    await fn(s, clock);
  } finally {
    await s.close();
  }
}

const WRONG = 'not the password at all';

describe(`guessing limits hold under attack (${DIALECT})`, () => {
  test('100 parallel wrong passwords from one address: at most the limit are checked', async () => {
    await withServer({ guessFailuresPerWindow: 20 }, async (s) => {
      const c = await s.newCustomer();
      const replies = await burst(
        s,
        '127.0.0.2',
        Array.from({ length: 100 }, () => ({
          path: '/v1/auth/sign-in',
          body: { email: c.email, password: WRONG },
        })),
      );
      const counts = tally(replies);
      assert.equal((counts[401] ?? 0) + (counts[429] ?? 0), 100, JSON.stringify(counts));
      assert.ok((counts[401] ?? 0) <= 20, `checked ${counts[401]} of 100: ${JSON.stringify(counts)}`);
      assertLimited(replies.find((r) => r.status === 429)!);
      // That address is now locked out of that account, even with the right password...
      assertLimited(await signInFrom(s, '127.0.0.2', c.email, c.password));
      // ...and the owner, elsewhere, is not.
      assert.equal((await signInFrom(s, '127.0.0.3', c.email, c.password)).status, 200);
    });
  });

  test('the per-account limit holds across several addresses', async () => {
    const settings = { guessFailuresPerWindow: 3, accountGuessFailuresPerWindow: 5 };
    await withServer(settings, async (s, clock) => {
      const c = await s.newCustomer();
      const addresses = ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14', '127.0.0.15', '127.0.0.16'];
      // Each address guesses within its own limit (3): 18 guesses, of which 5 may be checked.
      const replies = (
        await Promise.all(
          addresses.map(async (from) => {
            const mine: Reply[] = [];
            for (let i = 0; i < 3; i++) mine.push(await signInFrom(s, from, c.email.toUpperCase(), WRONG));
            return mine;
          }),
        )
      ).flat();
      const counts = tally(replies);
      assert.equal(counts[401], 5, JSON.stringify(counts));
      assert.equal(counts[429], 13, JSON.stringify(counts));
      // The account is locked for the window, from everywhere: the price of capping guesses per account.
      assertLimited(await signInFrom(s, '127.0.0.17', c.email, c.password));
      clock.advance(15 * 60_000);
      assert.equal((await signInFrom(s, '127.0.0.17', c.email, c.password)).status, 200);
    });
  });

  test('one guesser behind a shared address does not lock out the others there', async () => {
    const settings = {
      guessFailuresPerWindow: 5,
      accountGuessFailuresPerWindow: 8,
      addressGuessFailuresPerWindow: 10,
    };
    await withServer(settings, async (s) => {
      const [victim, neighbour] = [await s.newCustomer(), await s.newCustomer()];
      const nat = '127.0.0.21';
      const guesses = await Promise.all(
        Array.from({ length: 20 }, () => signInFrom(s, nat, victim.email, WRONG)),
      );
      assert.equal(tally(guesses)[401], 5, JSON.stringify(tally(guesses)));
      assert.ok(
        guesses.some((r) => r.status === 429),
        JSON.stringify(tally(guesses)),
      );
      // The guesser has used up its guesses; a neighbour at the same address signs in to their own account.
      assert.equal((await signInFrom(s, nat, neighbour.email, neighbour.password)).status, 200);
      // Honest sign-ins cost nothing, past every limit; and the owner, elsewhere, is not locked out.
      for (let i = 0; i < 12; i++)
        assert.equal((await signInFrom(s, nat, neighbour.email, neighbour.password)).status, 200);
      assert.equal((await signInFrom(s, '127.0.0.22', victim.email, victim.password)).status, 200);
    });
  });

  test('100 parallel wrong connect codes from one address: at most the limit get through', async () => {
    await withServer({ connectFailuresPerWindow: 10 }, async (s) => {
      const connectFrom = (from: string, code: string) =>
        postFrom(s, from, '/v1/device/connect', { code, name: 'x', platform: 'windows', apps: [] });
      const replies = await burst(
        s,
        '127.0.0.31',
        Array.from({ length: 100 }, (_, i) => ({
          path: '/v1/device/connect',
          body: { code: `WRONG-${String(i).padStart(5, '2')}`, name: 'x', platform: 'windows', apps: [] },
        })),
      );
      const counts = tally(replies);
      assert.equal((counts[400] ?? 0) + (counts[429] ?? 0), 100, JSON.stringify(counts));
      // The limit, and one more through the slow lane (the manual clock stands still).
      assert.ok((counts[400] ?? 0) <= 11, `checked ${counts[400]} of 100: ${JSON.stringify(counts)}`);
      assertLimited(replies.find((r) => r.status === 429)!);
      // Another address is not affected: 30 devices behind it connect at once (more than the
      // limit: attempts wait their turn rather than being refused), and use up nothing.
      const c = await s.newCustomer();
      const codes: string[] = [];
      for (let i = 0; i < 30; i++) codes.push(await s.connectCode(c));
      const honest = await burst(
        s,
        '127.0.0.32',
        codes.map((code) => ({
          path: '/v1/device/connect',
          body: { code, name: 'x', platform: 'windows', apps: [] },
        })),
      );
      assert.deepEqual(tally(honest), { 201: 30 });
      assert.equal((await connectFrom('127.0.0.32', 'WRONG-CODE9')).status, 400);
    });
  });

  test('past the connect limit an address is throttled, not locked out: a colleague behind the same NAT still connects', async () => {
    await withServer({ connectFailuresPerWindow: 5 }, async (s, clock) => {
      const nat = '127.0.0.35';
      const connectFrom = (code: string) =>
        postFrom(s, nat, '/v1/device/connect', { code, name: 'x', platform: 'windows', apps: [] });
      for (let i = 0; i < 5; i++) assert.equal((await connectFrom(`WRONG-${i}2222`)).status, 400);
      assert.equal((await connectFrom('WRONG-62222')).status, 400, 'one more through the slow lane');
      assertLimited(await connectFrom('WRONG-72222'));
      const c = await s.newCustomer();
      const code = await s.connectCode(c);
      clock.advance(3_000);
      assert.equal((await connectFrom(code)).status, 201, 'a correct code connects after a short wait');
      // The guesser gets one check per slow-lane slot, no more.
      clock.advance(3_000);
      const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => connectFrom(`WRONG-${i}3333`)));
      assert.ok(replies.filter((r) => r.status === 400).length <= 1, JSON.stringify(tally(replies)));
    });
  });

  test('activation codes: at most the limit per account in parallel, and per address across accounts', async () => {
    await withServer({ guessFailuresPerWindow: 20, addressGuessFailuresPerWindow: 30 }, async (s) => {
      const add = (from: string, c: Customer, code: string) =>
        postFrom(s, from, '/v1/me/subscriptions', { activationCode: code }, { cookie: cookieOf(c) });
      const c = await s.newCustomer();
      const replies = await burst(
        s,
        '127.0.0.41',
        Array.from({ length: 100 }, (_, i) => ({
          path: '/v1/me/subscriptions',
          body: { activationCode: `WRONG-${String(i).padStart(5, '3')}` },
          headers: { cookie: cookieOf(c) },
        })),
      );
      const counts = tally(replies);
      assert.equal((counts[404] ?? 0) + (counts[429] ?? 0), 100, JSON.stringify(counts));
      assert.ok((counts[404] ?? 0) <= 20, `checked ${counts[404]} of 100: ${JSON.stringify(counts)}`);
      assertLimited(replies.find((r) => r.status === 429)!);
      // One client with more accounts on the same address gets 30 in all, not 20 per account.
      const others = [await s.newCustomer(), await s.newCustomer()];
      const more = await Promise.all(
        others.flatMap((o) => Array.from({ length: 20 }, () => add('127.0.0.41', o, 'WRONG-CODE9'))),
      );
      assert.equal(tally(more)[404], 10, JSON.stringify(tally(more)));
      // An honest account elsewhere adds its code.
      const product = await s.createProduct();
      const issued = await s.issueSubscription({ product: product.id });
      assert.equal((await add('127.0.0.42', others[0]!, issued.activationCode)).status, 201);
    });
  });
});
