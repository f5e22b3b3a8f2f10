import type { DeliveryStatus } from '../../domain/delivery.ts';
import { OPEN_STATUSES } from '../../domain/delivery.ts';
import { mailOutboxDepth, openDeliveries } from '../../store/metrics.repository.ts';
import type { Deps } from './deps.ts';

/** What the service's own state says to an operator, read at each scrape of `/metrics`. */
export interface ServiceGauges {
  mail: { queued: number; retrying: number; oldestAgeSeconds: number };
  /** Open deliveries still in their window, by status (every open status, zero included). */
  openDeliveries: [DeliveryStatus, number][];
  /** Open deliveries past their window that the expiry job has yet to write down. */
  overdueDeliveries: number;
}

export async function serviceGauges(deps: Pick<Deps, 'db' | 'clock'>): Promise<ServiceGauges> {
  const now = deps.clock.now();
  const mail = await mailOutboxDepth(deps.db);
  const deliveries = await openDeliveries(deps.db, now);
  return {
    mail: {
      queued: mail.queued,
      retrying: mail.retrying,
      oldestAgeSeconds: mail.oldestCreatedAt
        ? Math.max(0, (now.getTime() - mail.oldestCreatedAt.getTime()) / 1000)
        : 0,
    },
    openDeliveries: OPEN_STATUSES.map((s) => [s, deliveries.byStatus.get(s) ?? 0]),
    overdueDeliveries: deliveries.overdue,
  };
}
