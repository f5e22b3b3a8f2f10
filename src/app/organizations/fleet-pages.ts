import type { DeliveryStatus } from '../../domain/delivery.ts';
import type { DeviceSort, SortOrder } from '../../domain/console-lists.ts';
import { pageSize } from '../../domain/console-lists.ts';
import { namesOf } from '../../store/audit-names.repository.ts';
import type { DeviceFilter } from '../../store/managed-devices.repository.ts';
import { pageOrganizationDevices, sortKeyLength } from '../../store/managed-devices.repository.ts';
import type { AuditFilter } from '../../store/organizations.repository.ts';
import { listAudit } from '../../store/organizations.repository.ts';
import { pageSubscriptionDeliveries } from '../../store/sends.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { devicesView } from '../devices/customer-devices.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { deliveryView } from '../shared/views.ts';
import type { Actor } from './audit.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { membership, requireAdmin } from './organizations.ts';

/**
 * The console's long lists, a page at a time: managed devices (searched and sorted on the
 * server), the audit log, a subscription's deliveries. Each page is keyset-paged behind a signed
 * cursor, so a page of a fleet of ten thousand costs what a page of ten does.
 */

export interface PageRequest {
  cursor?: string;
  /** Rows a page, as asked (text from a query string); bounded by `pageSize`. */
  limit?: number | string;
}

export async function organizationDevicesPage(
  deps: Deps,
  actor: Actor,
  filter: DeviceFilter,
  page: PageRequest & { sort?: DeviceSort; order?: SortOrder },
) {
  const organizationId = actor.organizationId!;
  await membership(deps, organizationId, actor.accountId);
  const sort = page.sort ?? 'name';
  const order = page.order ?? 'asc';
  const list = `devices:${organizationId}:${sort}:${order}`;
  const after = page.cursor ? decodeCursor(deps, list, page.cursor, sortKeyLength(sort)) : undefined;
  const { devices, next } = await pageOrganizationDevices(deps.db, organizationId, filter, {
    sort,
    order,
    after,
    limit: pageSize(page.limit === undefined ? undefined : Number(page.limit)),
  });
  return {
    devices: await devicesView(deps, devices),
    nextCursor: next ? encodeCursor(deps, list, next) : null,
  };
}

/** Ids an entry mentions (its target, and any `…Id` inside its detail), to be named. */
function mentionedIds(value: unknown, key = '', into = new Set<string>()): Set<string> {
  if (typeof value === 'string' && /Id$|^id$/.test(key)) into.add(value);
  else if (Array.isArray(value)) for (const v of value) mentionedIds(v, key, into);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) mentionedIds(v, k, into);
  return into;
}

export async function auditPage(
  deps: Deps,
  actor: Actor,
  filter: Omit<AuditFilter, 'limit' | 'before'>,
  page: PageRequest & { before?: number },
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const list = `audit:${organizationId}`;
  const after = page.cursor ? decodeCursor(deps, list, page.cursor, 1) : undefined;
  const limit = pageSize(page.limit === undefined ? undefined : Number(page.limit));
  const rows = await listAudit(deps.db, organizationId, {
    ...filter,
    before: after ? Number(after[0]) : page.before,
    limit: limit + 1,
  });
  const shown = rows.slice(0, limit);
  const ids = new Set<string>();
  for (const e of shown) {
    if (e.targetId) ids.add(e.targetId);
    if (e.actorAccountId) ids.add(e.actorAccountId);
    mentionedIds(e.detail, '', ids);
  }
  const names = await namesOf(deps.db, [...ids]);
  return {
    entries: shown.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actorEmail,
      actorName: (e.actorAccountId && names.get(e.actorAccountId)) ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      detail: e.detail,
    })),
    names: Object.fromEntries(names),
    nextCursor: rows.length > limit ? encodeCursor(deps, list, [shown.at(-1)!.id]) : null,
  };
}

/** The organization's subscription's deliveries, newest first, by the status every reader sees. */
export async function subscriptionDeliveries(
  deps: Deps,
  actor: Actor,
  subscriptionId: string,
  page: PageRequest & { status?: DeliveryStatus },
) {
  const organizationId = actor.organizationId!;
  await membership(deps, organizationId, actor.accountId);
  const s = await findSubscription(deps.db, subscriptionId);
  if (!s || s.organizationId !== organizationId) throw notFound('Subscription');
  const list = `deliveries:${subscriptionId}`;
  const after = page.cursor ? decodeCursor(deps, list, page.cursor, 2) : undefined;
  const now = deps.clock.now();
  const { deliveries, next } = await pageSubscriptionDeliveries(deps.db, subscriptionId, {
    status: page.status,
    now,
    after: after && [String(after[0]), String(after[1])],
    limit: pageSize(page.limit === undefined ? undefined : Number(page.limit)),
  });
  return {
    deliveries: deliveries.map((d) => ({
      ...deliveryView(d, now),
      sendId: d.sendId,
      deviceName: d.deviceName,
    })),
    nextCursor: next ? encodeCursor(deps, list, next) : null,
  };
}
