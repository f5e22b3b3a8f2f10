import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { LocalNotifier, accessTopic } from '../../src/app/shared/notifier.ts';
import type { StreamAccess } from '../../src/app/shared/stream-access.ts';
import { guardStream } from '../../src/http/stream-guard.ts';

/**
 * The guard that keeps the console's and the portal's streams to what their holder may still see
 * (test/api/stream-access.test.ts drives it through real servers): here, the orderings a server
 * cannot be made to produce on demand.
 */

describe('the stream guard itself', () => {
  /** A stream in memory, with the guard's check answered by the test. */
  function guarded(answers: (() => Promise<StreamAccess>)[]) {
    const written: string[] = [];
    const closers: (() => void)[] = [];
    const beats: (() => void)[] = [];
    const state = { ended: false };
    const notifier = new LocalNotifier();
    const log = { warn: () => {} } as any;
    const send = guardStream(
      {
        write: (c) => void written.push(c),
        onClose: (f) => void closers.push(f),
        onBeat: (f) => void beats.push(f),
        end: () => {
          state.ended = true;
          for (const f of closers) f();
        },
      },
      { notifier, accountId: 'acc', check: () => answers.shift()!(), log },
    );
    return { written, state, notifier, send, beat: () => beats.forEach((f) => f()) };
  }
  const allowed = async (): Promise<StreamAccess> => ({
    allowed: true,
    sessionExpiresAt: new Date(Date.now() + 86_400_000),
  });
  const settle = () => new Promise((r) => setImmediate(r));

  test('nothing goes out unchecked while the database is unreachable; the stream stays and then re-reads', async () => {
    const down = async (): Promise<StreamAccess> => {
      throw new Error('database unavailable');
    };
    const g = guarded([allowed, down, allowed]);
    await settle();
    g.send('event: delivery\ndata: {"n":1}\n\n');
    await settle();
    assert.deepEqual(g.written, [], 'held back while the check failed');
    assert.equal(g.state.ended, false);
    g.beat();
    await settle();
    assert.deepEqual(g.written, ['event: refresh\ndata: {}\n\n']);
  });

  test('an event published while a check is in flight waits for a later check, and a revoked one drops it', async () => {
    let release!: (a: StreamAccess) => void;
    const slow = () => new Promise<StreamAccess>((r) => (release = r));
    const g = guarded([allowed, slow, async () => ({ allowed: false, reason: 'membership_removed' })]);
    await settle();
    g.notifier.publish(accessTopic('acc'));
    g.send('event: delivery\ndata: {"late":true}\n\n');
    release({ allowed: true, sessionExpiresAt: new Date(Date.now() + 86_400_000) });
    await settle();
    await settle();
    assert.deepEqual(g.written, ['event: revoked\ndata: {"reason":"membership_removed"}\n\n']);
    assert.equal(g.state.ended, true);
  });
});
