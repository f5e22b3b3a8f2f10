import { toCsv } from '../../domain/csv.ts';
import { seatHistorySpan } from '../../domain/seat-history.ts';
import { seatHistoryRows } from '../../store/seat-history.repository.ts';
import type { StoredSubscription } from '../../store/subscriptions.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import type { Actor } from '../organizations/audit.ts';
import { requireAdmin } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { ownedSubscription } from './subscriptions.ts';

export type SeatHistory = Awaited<ReturnType<typeof seatHistoryOf>>;

/** Who held each seat of the account's own subscription, from when to when, and why it ended. */
export async function mySeatHistory(deps: Deps, accountId: string, id: string) {
  const { subscription } = await ownedSubscription(deps, accountId, id);
  return seatHistoryOf(deps, subscription);
}

/** The same for an organization's subscription, for its admins. */
export async function organizationSeatHistory(deps: Deps, actor: Actor, id: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const subscription = await findSubscription(deps.db, id);
  if (!subscription || subscription.organizationId !== organizationId) throw notFound('Subscription');
  return seatHistoryOf(deps, subscription);
}

async function seatHistoryOf(deps: Deps, s: StoredSubscription) {
  const now = deps.clock.now();
  const rows = await seatHistoryRows(deps.db, s.id);
  return {
    entries: rows.map((r) => {
      const span = seatHistorySpan(
        {
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          endedBecause: r.endedBecause,
          deviceDisconnectedAt: r.deviceDisconnectedAt,
          subscriptionExpiresAt: s.expiresAt,
        },
        now,
      );
      return {
        deviceId: r.deviceId,
        deviceName: r.deviceName,
        from: span.from.toISOString(),
        to: span.to?.toISOString() ?? null,
        endedBecause: span.endedBecause,
      };
    }),
  };
}

/** Seat history as CSV: one row per holding, a header first. */
export function seatHistoryCsv(history: SeatHistory): string {
  return toCsv(
    ['device_id', 'device_name', 'from', 'to', 'ended_because'],
    history.entries.map((e) => [e.deviceId, e.deviceName, e.from, e.to, e.endedBecause]),
  );
}
