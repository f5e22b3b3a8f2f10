import type { ReasonCode } from './reasons.ts';

/**
 * The seat's plans beyond a plain send (sending.md, "Additions (second round)"): a replace-send,
 * which takes over another device's seat when it completes, and a reserve, which waits on a
 * device until the app's current subscription ends.
 */

/** The reasons a reserve is made for: only these, and nothing else, may stand in the way. */
export const RESERVE_REASONS: readonly ReasonCode[] = [
  'ALREADY_ACTIVE_ON_DEVICE',
  'EXPIRES_SOONER_THAN_CURRENT',
  'LIMITED_ONTO_AUTO_RENEWAL',
  'AUTO_RENEWAL_ONTO_LIMITED',
];

/** Whether a send with `reserve: true` waits on the device: it is refused only by the current subscription. */
export function waitsAsReserve(reasons: readonly ReasonCode[]): boolean {
  return reasons.length > 0 && reasons.every((r) => RESERVE_REASONS.includes(r));
}

/**
 * Whether a send with `replaces` may be made: nothing stands in its way but the lack of a free
 * seat (or, since the pre-flight, nothing at all: a seat freed meanwhile, and the replace still
 * hands the old device's seat over as asked).
 */
export function mayReplace(reasons: readonly ReasonCode[]): boolean {
  return reasons.length === 0 || (reasons.length === 1 && reasons[0] === 'NO_FREE_SLOTS');
}

/** A reserve's life: it waits, then starts by itself, or is undone, or cannot start when its turn comes. */
export const RESERVE_STATUSES = ['waiting', 'started', 'cancelled', 'failed'] as const;
export type ReserveStatus = (typeof RESERVE_STATUSES)[number];

export type ReserveEvent = 'start' | 'undo' | 'fail';

/** For each event, the status it leads to; each leaves only `waiting`, and the others are final. */
export const RESERVE_TRANSITIONS: Readonly<Record<ReserveEvent, { from: ReserveStatus; to: ReserveStatus }>> =
  {
    start: { from: 'waiting', to: 'started' },
    undo: { from: 'waiting', to: 'cancelled' },
    fail: { from: 'waiting', to: 'failed' },
  };

/** The reserve's status after `event`, or null when it is no longer waiting. */
export function reserveTransition(from: ReserveStatus, event: ReserveEvent): ReserveStatus | null {
  const rule = RESERVE_TRANSITIONS[event];
  return from === rule.from ? rule.to : null;
}

/**
 * What a device's event stream carries: a delivery's change, the end of one of its activations
 * (a revocation the app acknowledges), or a reserve's change (it waits, starts or is undone).
 */
export const DEVICE_EVENT_KINDS = ['delivery', 'revocation', 'reserve'] as const;
export type DeviceEventKind = (typeof DEVICE_EVENT_KINDS)[number];
