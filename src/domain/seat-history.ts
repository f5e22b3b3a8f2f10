import type { ActivationEndReason } from './activation.ts';
import { ACTIVATION_END_REASONS } from './activation.ts';

/** One activation of a subscription as its seat history reads it. */
export interface SeatHistoryFacts {
  startedAt: Date;
  endedAt: Date | null;
  /** As recorded; null while held, and for activations ended before the reason was recorded. */
  endedBecause: string | null;
  /** When its device was disconnected, if it was. */
  deviceDisconnectedAt: Date | null;
  subscriptionExpiresAt: Date;
}

export interface SeatHistorySpan {
  from: Date;
  to: Date | null;
  endedBecause: ActivationEndReason | null;
}

/**
 * From when to when a device held the seat, and why it stopped. Still held: null, unless the
 * subscription has expired, which ended it at its expiry (no job need have written that down).
 * Ended before reasons were recorded (migration 0013): such an activation was either
 * disconnected with its device at that moment, or superseded by another on the same app.
 */
export function seatHistorySpan(f: SeatHistoryFacts, now: Date): SeatHistorySpan {
  if (f.endedAt === null) {
    return f.subscriptionExpiresAt.getTime() <= now.getTime()
      ? { from: f.startedAt, to: f.subscriptionExpiresAt, endedBecause: 'expired' }
      : { from: f.startedAt, to: null, endedBecause: null };
  }
  if (isEndReason(f.endedBecause)) return { from: f.startedAt, to: f.endedAt, endedBecause: f.endedBecause };
  const withDevice = f.deviceDisconnectedAt?.getTime() === f.endedAt.getTime();
  return { from: f.startedAt, to: f.endedAt, endedBecause: withDevice ? 'disconnected' : 'superseded' };
}

function isEndReason(v: string | null): v is ActivationEndReason {
  return v !== null && (ACTIVATION_END_REASONS as readonly string[]).includes(v);
}
