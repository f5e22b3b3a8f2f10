/** The delivery state machine of `shared/spec/sending.md`, as one transition table. */

export const DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'action_required',
  'completed',
  'failed',
  'cancelled',
  'expired',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const FINAL_STATUSES: readonly DeliveryStatus[] = ['completed', 'failed', 'cancelled', 'expired'];
export const OPEN_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'action_required'];

export type DeliveryEvent = 'ack' | 'require_action' | 'complete' | 'fail' | 'undo' | 'expire';

/** For each event, the statuses it may leave from and the status it leads to. Nothing leaves a final status. */
export const TRANSITIONS: Readonly<
  Record<DeliveryEvent, { from: readonly DeliveryStatus[]; to: DeliveryStatus }>
> = {
  ack: { from: ['pending'], to: 'delivered' },
  require_action: { from: ['pending', 'delivered'], to: 'action_required' },
  complete: { from: OPEN_STATUSES, to: 'completed' },
  fail: { from: OPEN_STATUSES, to: 'failed' },
  undo: { from: OPEN_STATUSES, to: 'cancelled' },
  expire: { from: OPEN_STATUSES, to: 'expired' },
};

export function isFinal(status: DeliveryStatus): boolean {
  return FINAL_STATUSES.includes(status);
}

export type TransitionResult =
  | { ok: true; to: DeliveryStatus; changed: boolean }
  | { ok: false; code: 'DELIVERY_FINAL' | 'INVALID_TRANSITION' };

/** Events an app sends; repeating one is accepted unchanged, so that a retry after a lost answer is harmless. */
const REPEATABLE: readonly DeliveryEvent[] = ['ack', 'require_action', 'complete', 'fail'];

/** The status after `event`, or why it is refused. */
export function transition(from: DeliveryStatus, event: DeliveryEvent): TransitionResult {
  const rule = TRANSITIONS[event];
  if (from === rule.to && REPEATABLE.includes(event)) return { ok: true, to: from, changed: false };
  if (isFinal(from)) return { ok: false, code: 'DELIVERY_FINAL' };
  if (!rule.from.includes(from)) return { ok: false, code: 'INVALID_TRANSITION' };
  return { ok: true, to: rule.to, changed: true };
}

/**
 * The status every reader sees: a non-final delivery whose window has passed is `expired`,
 * whether or not a job has written that yet.
 */
export function effectiveStatus(status: DeliveryStatus, expiresAt: Date, now: Date): DeliveryStatus {
  return !isFinal(status) && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
}
