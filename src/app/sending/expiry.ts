import { inTransaction } from '../../store/database.ts';
import { emitDeliveries } from '../webhooks/emit.ts';
import { claimOverdueDeliveries, findDeliveries, persistExpired } from '../../store/deliveries.repository.ts';
import { findDevicesOwners } from '../../store/devices.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { accountTopic, deviceTopic, organizationTopic } from '../shared/notifier.ts';
import { deliveryView } from '../shared/views.ts';

/**
 * The background expiry job: writes down `expired` for open deliveries whose window has passed
 * (with a device event for each), in batches, and tells their devices and senders. Readers do not
 * need it (they compute the status from the timestamps); it keeps the stored status, the device
 * streams and the "one open delivery" index current. Safe on every node at once: each batch is
 * claimed with `FOR UPDATE SKIP LOCKED` and the update is a compare-and-set on the status, so a
 * delivery is expired, and its event written, exactly once.
 */
export async function expireOverdueDeliveries(deps: Deps, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const ids = await claimOverdueDeliveries(tx, now, batchSize);
      const rows = await persistExpired(tx, now, { ids });
      await emitDeliveries(
        tx,
        deps,
        rows.map((r) => r.id),
      );
      return rows;
    });
    total += expired.length;
    if (expired.length > 0) await announce(deps, expired);
    if (expired.length < batchSize) return total;
  }
}

async function announce(deps: Deps, expired: { id: string; deviceId: string }[]): Promise<void> {
  const now = deps.clock.now();
  const owners = await findDevicesOwners(deps.db, [...new Set(expired.map((e) => e.deviceId))]);
  for (const d of await findDeliveries(
    deps.db,
    expired.map((e) => e.id),
  )) {
    deps.notifier.publish(deviceTopic(d.deviceId));
    const owner = owners.get(d.deviceId);
    const topic = owner?.organizationId
      ? organizationTopic(owner.organizationId)
      : owner?.accountId
        ? accountTopic(owner.accountId)
        : null;
    if (topic) deps.notifier.publish(topic, { delivery: deliveryView(d, now) });
  }
}
