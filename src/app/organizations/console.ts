import { seatUsage } from '../../domain/seats.ts';
import { seatHolders } from '../../store/activations.repository.ts';
import { inTransaction } from '../../store/database.ts';
import { lockDevices } from '../../store/devices.repository.ts';
import {
  findOrganizationDevice,
  listOrganizationDevices,
  updateManagedDevice,
} from '../../store/managed-devices.repository.ts';
import type { AuditFilter } from '../../store/organizations.repository.ts';
import { listAudit } from '../../store/organizations.repository.ts';
import { findProduct, listProducts } from '../../store/products.repository.ts';
import { findSubscription, listOrganizationSubscriptions } from '../../store/subscriptions.repository.ts';
import type { Actor } from './audit.ts';
import { recordAudit } from './audit.ts';
import { createConnectCode, devicesView, disconnect } from '../devices/customer-devices.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { deviceTopic, organizationTopic } from '../shared/notifier.ts';
import { membership, requireAdmin } from './organizations.ts';
import { consoleScope } from '../sending/send-scope.ts';
import { subscriptionDetail } from '../sending/subscriptions.ts';
import { subscriptionView } from '../shared/views.ts';

/** The admin console: everything here is scoped to one organization the caller is a member of. */

export async function scopeFor(
  deps: Deps,
  account: { id: string; country: string | null },
  organizationId: string,
) {
  return consoleScope(account, organizationId, await membership(deps, organizationId, account.id));
}

export async function organizationSubscriptions(deps: Deps, actor: Actor) {
  const organizationId = actor.organizationId!;
  await membership(deps, organizationId, actor.accountId);
  const now = deps.clock.now();
  const [subs, products] = await Promise.all([
    listOrganizationSubscriptions(deps.db, organizationId),
    listProducts(deps.db),
  ]);
  const byId = new Map(products.map((p) => [p.id, p]));
  return Promise.all(
    subs.map(async (s) => {
      return subscriptionView(
        s,
        byId.get(s.productId)!,
        seatUsage(s.unit, s.seats, await seatHolders(deps.db, s.id, now)),
        now,
      );
    }),
  );
}

export async function organizationSubscription(deps: Deps, actor: Actor, id: string) {
  const organizationId = actor.organizationId!;
  await membership(deps, organizationId, actor.accountId);
  const s = await findSubscription(deps.db, id);
  if (!s || s.organizationId !== organizationId) throw notFound('Subscription');
  const product = (await findProduct(deps.db, s.productId))!;
  return subscriptionDetail(deps, s, product, await listOrganizationDevices(deps.db, organizationId));
}

export async function updateOrganizationDevice(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  id: string,
  patch: { name?: string; group?: string | null },
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const updated = await inTransaction(deps.db, async (tx) => {
    // Locked first: a removal racing this edit either waits for it or has happened (404), never
    // in between, where the device read back would be gone.
    await lockDevices(tx, [id]);
    const device = await findOrganizationDevice(tx, organizationId, id);
    if (!device) throw notFound('Device');
    await updateManagedDevice(tx, id, patch);
    await recordAudit(tx, deps, actor, ip, {
      action: 'device.update',
      targetType: 'device',
      targetId: id,
      detail: {
        ...(patch.name !== undefined ? { name: { from: device.name, to: patch.name } } : {}),
        ...(patch.group !== undefined ? { group: { from: device.group, to: patch.group } } : {}),
      },
    });
    return (await findOrganizationDevice(tx, organizationId, id))!;
  });
  return (await devicesView(deps, [updated]))[0]!;
}

export async function removeOrganizationDevice(deps: Deps, actor: Actor, ip: string | null, id: string) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  await inTransaction(deps.db, async (tx) => {
    await lockDevices(tx, [id]);
    const device = await findOrganizationDevice(tx, organizationId, id);
    if (!device) throw notFound('Device');
    const cancelled = await disconnect(tx, deps, id);
    await recordAudit(tx, deps, actor, ip, {
      action: 'device.remove',
      targetType: 'device',
      targetId: id,
      detail: { name: device.name, cancelledDeliveries: cancelled },
    });
  });
  deps.notifier.publish(deviceTopic(id), { disconnected: true });
  deps.notifier.publish(organizationTopic(organizationId), { refresh: true });
}

/** An organization connect code: the device that uses it joins the organization, used by `forAccountId`. */
export async function organizationConnectCode(
  deps: Deps,
  actor: Actor,
  ip: string | null,
  forAccountId?: string,
) {
  const organizationId = actor.organizationId!;
  await requireAdmin(deps, organizationId, actor.accountId);
  const user = forAccountId ?? actor.accountId;
  if (forAccountId)
    await membership(deps, organizationId, forAccountId).catch(() => {
      throw new AppError('VALIDATION_FAILED', 'That person is not a member of this organization', {
        pointer: '/forAccountId',
      });
    });
  // Audited with the code's creation, never with the code itself.
  return inTransaction(deps.db, async (tx) => {
    const code = await createConnectCode(deps, user, organizationId, tx);
    await recordAudit(tx, deps, actor, ip, {
      action: 'connect_code.create',
      targetType: 'member',
      targetId: user,
      detail: { expiresAt: code.expiresAt, ...(forAccountId ? { forAccountId } : {}) },
    });
    return code;
  });
}

export async function auditLog(deps: Deps, actor: Actor, filter: AuditFilter) {
  await requireAdmin(deps, actor.organizationId!, actor.accountId);
  const entries = await listAudit(deps.db, actor.organizationId!, filter);
  return entries.map((e) => ({
    id: e.id,
    at: e.at.toISOString(),
    actor: e.actorEmail,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    ip: e.ip,
    detail: e.detail,
  }));
}

/** RFC 4180 CSV; cells that a spreadsheet would run as formulas are defused with a leading quote. */
export function auditCsv(entries: Awaited<ReturnType<typeof auditLog>>): string {
  const cell = (v: unknown) => {
    let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = ['id', 'at', 'actor', 'action', 'target_type', 'target_id', 'ip', 'detail'];
  const rows = entries.map((e) =>
    [e.id, e.at, e.actor, e.action, e.targetType, e.targetId, e.ip, e.detail].map(cell).join(','),
  );
  return [header.join(','), ...rows].join('\r\n') + '\r\n';
}
