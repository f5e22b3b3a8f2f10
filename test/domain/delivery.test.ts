import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DeliveryEvent, DeliveryStatus, TransitionResult } from '../../src/domain/delivery.ts';
import {
  DELIVERY_STATUSES,
  FINAL_STATUSES,
  OPEN_STATUSES,
  TRANSITIONS,
  effectiveStatus,
  isFinal,
  transition,
} from '../../src/domain/delivery.ts';

/** Every event, written out; a new event in the code fails the completeness test below. */
const EVENTS = [
  'ack',
  'require_action',
  'complete',
  'fail',
  'undo',
  'expire',
] as const satisfies readonly DeliveryEvent[];

// Shorthands for the expected table.
const go = (to: DeliveryStatus): TransitionResult => ({ ok: true, to, changed: true });
const same = (to: DeliveryStatus): TransitionResult => ({ ok: true, to, changed: false });
const FINAL: TransitionResult = { ok: false, code: 'DELIVERY_FINAL' };
const INVALID: TransitionResult = { ok: false, code: 'INVALID_TRANSITION' };

/**
 * The expected transition table, written out by hand from the spec (not derived from TRANSITIONS):
 * undo is allowed from every non-final status; a final status never changes; an app event repeated
 * in its target status is accepted unchanged.
 */
const EXPECTED: Record<DeliveryStatus, Record<DeliveryEvent, TransitionResult>> = {
  pending: {
    ack: go('delivered'),
    require_action: go('action_required'),
    complete: go('completed'),
    fail: go('failed'),
    undo: go('cancelled'),
    expire: go('expired'),
  },
  delivered: {
    ack: same('delivered'),
    require_action: go('action_required'),
    complete: go('completed'),
    fail: go('failed'),
    undo: go('cancelled'),
    expire: go('expired'),
  },
  action_required: {
    ack: INVALID,
    require_action: same('action_required'),
    complete: go('completed'),
    fail: go('failed'),
    undo: go('cancelled'),
    expire: go('expired'),
  },
  completed: {
    ack: FINAL,
    require_action: FINAL,
    complete: same('completed'),
    fail: FINAL,
    undo: FINAL,
    expire: FINAL,
  },
  failed: {
    ack: FINAL,
    require_action: FINAL,
    complete: FINAL,
    fail: same('failed'),
    undo: FINAL,
    expire: FINAL,
  },
  cancelled: {
    ack: FINAL,
    require_action: FINAL,
    complete: FINAL,
    fail: FINAL,
    undo: FINAL,
    expire: FINAL,
  },
  expired: {
    ack: FINAL,
    require_action: FINAL,
    complete: FINAL,
    fail: FINAL,
    undo: FINAL,
    expire: FINAL,
  },
};

void describe('delivery statuses', () => {
  void it('are the spec statuses, in the spec order', () => {
    assert.deepEqual(
      [...DELIVERY_STATUSES],
      ['pending', 'delivered', 'action_required', 'completed', 'failed', 'cancelled', 'expired'],
    );
  });

  void it('split into open and final, with nothing in both and nothing left out', () => {
    assert.deepEqual([...OPEN_STATUSES], ['pending', 'delivered', 'action_required']);
    assert.deepEqual([...FINAL_STATUSES], ['completed', 'failed', 'cancelled', 'expired']);
    assert.deepEqual([...OPEN_STATUSES, ...FINAL_STATUSES].sort(), [...DELIVERY_STATUSES].sort());
  });

  const finality: Record<DeliveryStatus, boolean> = {
    pending: false,
    delivered: false,
    action_required: false,
    completed: true,
    failed: true,
    cancelled: true,
    expired: true,
  };
  for (const status of DELIVERY_STATUSES) {
    void it(`isFinal('${status}') is ${finality[status]}`, () => {
      assert.equal(isFinal(status), finality[status]);
    });
  }
});

void describe('transition: every (status, event) pair', () => {
  void it('the events tested are exactly the events of the transition table', () => {
    assert.deepEqual(Object.keys(TRANSITIONS).sort(), [...EVENTS].sort());
  });

  void it('the expected table covers every status', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...DELIVERY_STATUSES].sort());
  });

  for (const status of DELIVERY_STATUSES) {
    for (const event of EVENTS) {
      const expected = EXPECTED[status][event];
      const label = expected.ok ? `${expected.to}${expected.changed ? '' : ' (unchanged)'}` : expected.code;
      void it(`${status} --${event}--> ${label}`, () => {
        assert.deepEqual(transition(status, event), expected);
      });
    }
  }
});

void describe('transition: the spec rules, checked across the table', () => {
  void it('undo is allowed from every non-final status and leads to cancelled', () => {
    for (const status of DELIVERY_STATUSES.filter((s) => !isFinal(s))) {
      assert.deepEqual(transition(status, 'undo'), go('cancelled'), status);
    }
  });

  void it('a final status never changes, whatever the event', () => {
    for (const status of DELIVERY_STATUSES.filter((s) => isFinal(s))) {
      for (const event of EVENTS) {
        const result = transition(status, event);
        assert.ok(!result.ok || (result.to === status && !result.changed), `${status} ${event}`);
      }
    }
  });

  void it('repeating an app event in its target status is accepted unchanged', () => {
    const repeats: ReadonlyArray<readonly [DeliveryEvent, DeliveryStatus]> = [
      ['ack', 'delivered'],
      ['require_action', 'action_required'],
      ['complete', 'completed'],
      ['fail', 'failed'],
    ];
    for (const [event, status] of repeats) {
      assert.deepEqual(transition(status, event), same(status), `${event} in ${status}`);
    }
  });

  void it('undo and expire are not repeatable: on their own final status they are DELIVERY_FINAL', () => {
    assert.deepEqual(transition('cancelled', 'undo'), FINAL);
    assert.deepEqual(transition('expired', 'expire'), FINAL);
  });

  void it('a changed transition always leads to a different status', () => {
    for (const status of DELIVERY_STATUSES) {
      for (const event of EVENTS) {
        const result = transition(status, event);
        if (result.ok && result.changed) assert.notEqual(result.to, status, `${status} ${event}`);
      }
    }
  });
});

void describe('effectiveStatus', () => {
  const NOW = new Date('2025-06-01T12:00:00.000Z');
  const at = (offsetMs: number): Date => new Date(NOW.getTime() + offsetMs);
  const windows: ReadonlyArray<{ name: string; expiresAt: Date; passed: boolean }> = [
    { name: 'a day before the window ends', expiresAt: at(24 * 60 * 60 * 1000), passed: false },
    { name: '1 ms before the window ends', expiresAt: at(1), passed: false },
    { name: 'exactly at the window end', expiresAt: NOW, passed: true },
    { name: '1 ms after the window ended', expiresAt: at(-1), passed: true },
    { name: 'a day after the window ended', expiresAt: at(-24 * 60 * 60 * 1000), passed: true },
  ];
  const open: readonly DeliveryStatus[] = ['pending', 'delivered', 'action_required'];
  const final: readonly DeliveryStatus[] = ['completed', 'failed', 'cancelled', 'expired'];

  for (const { name, expiresAt, passed } of windows) {
    for (const status of open) {
      const expected = passed ? 'expired' : status;
      void it(`open ${status}, ${name} => ${expected}`, () => {
        assert.equal(effectiveStatus(status, expiresAt, NOW), expected);
      });
    }
    for (const status of final) {
      void it(`final ${status}, ${name} => stays ${status}`, () => {
        assert.equal(effectiveStatus(status, expiresAt, NOW), status);
      });
    }
  }
});
