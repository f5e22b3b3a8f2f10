import type { DeliveryStatus } from '../../domain/delivery.ts';
import { isFinal } from '../../domain/delivery.ts';
import { listAudit, organizationsOf } from '../../store/organizations.repository.ts';
import { customerDeliveries, findCustomerAccount } from '../../store/staff-customers.repository.ts';
import type { StaffAuditEntry } from '../../store/staff.repository.ts';
import { listStaffAudit } from '../../store/staff.repository.ts';
import { findAccountIdByEmail } from '../../store/users.repository.ts';
import { listMyDevices } from '../devices/customer-devices.ts';
import { readOrganization } from '../operator/organizations-admin.ts';
import { mySeatHistory } from '../sending/seat-history.ts';
import { listMySubscriptions } from '../sending/subscriptions.ts';
import { lookUpSupportReference } from '../support/support-references.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import type { DeliveryView } from '../shared/views.ts';
import { deliveryView } from '../shared/views.ts';

/**
 * What the vendor's support sees of a customer, found by address or by a short reference
 * (`app/support`). Read with the customer's own reads (`listMySubscriptions`, `listMyDevices`,
 * `mySeatHistory`), so support sees exactly what the customer sees, plus what they cannot.
 */

/** Deliveries a customer page shows, newest first. */
export const CUSTOMER_DELIVERIES = 50;
/** Audit entries a customer's or organization's page shows, newest first. */
export const AUDIT_ENTRIES = 50;

export async function findCustomerByEmail(deps: Deps, email: string) {
  const accountId = await findAccountIdByEmail(deps.db, email.trim());
  if (!accountId) throw notFound('Customer');
  return { accountId };
}

/**
 * A delivery's status changes, oldest first, from the times it keeps of each: made (pending),
 * delivered, action required, and its final status (an expiry the job has not written down yet
 * included, as every reader computes it).
 */
export function timelineOf(view: DeliveryView): { status: DeliveryStatus; at: string }[] {
  const steps: { status: DeliveryStatus; at: string | null }[] = [
    { status: 'pending', at: view.createdAt },
    { status: 'delivered', at: view.deliveredAt },
    { status: 'action_required', at: view.actionRequiredAt },
    ...(isFinal(view.status) ? [{ status: view.status, at: view.finishedAt }] : []),
  ];
  return steps.filter((s): s is { status: DeliveryStatus; at: string } => s.at !== null);
}

function staffAuditView(e: StaffAuditEntry) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    staff: e.staffEmail,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    accountId: e.accountId,
    organizationId: e.organizationId,
    reason: e.reason,
    detail: e.detail,
  };
}

export async function customerView(deps: Deps, accountId: string) {
  const account = await findCustomerAccount(deps.db, accountId);
  if (!account) throw notFound('Customer');
  const now = deps.clock.now();
  const [organizations, subscriptions, devices, deliveries] = await Promise.all([
    organizationsOf(deps.db, accountId),
    listMySubscriptions(deps, accountId),
    listMyDevices(deps, accountId),
    customerDeliveries(deps.db, accountId, CUSTOMER_DELIVERIES),
  ]);
  const [audit, seatHistories] = await Promise.all([
    listStaffAudit(deps.db, {
      accountId,
      organizationIds: organizations.map((o) => o.id),
      limit: AUDIT_ENTRIES,
    }),
    Promise.all(subscriptions.map((s) => mySeatHistory(deps, accountId, s.id))),
  ]);
  return {
    account: { ...account, createdAt: account.createdAt.toISOString() },
    organizations: organizations.map((o) => ({ id: o.id, name: o.name, role: o.role })),
    subscriptions: subscriptions.map((s, i) => ({ ...s, seatHistory: seatHistories[i]!.entries })),
    devices,
    deliveries: deliveries.map((d) => {
      const view = deliveryView(d, now);
      return { ...view, deviceName: d.deviceName, timeline: timelineOf(view) };
    }),
    audit: audit.map(staffAuditView),
  };
}

/** What a customer's short reference stands for, by id: the console opens the customer from it. */
export async function staffReference(deps: Deps, typed: string) {
  const found = await lookUpSupportReference(deps, typed);
  return {
    reference: found.reference,
    createdAt: found.createdAt,
    expiresAt: found.expiresAt,
    reasons: found.reasons,
    accountId: found.account.id,
    subscriptionId: found.subscription?.id ?? null,
    deviceId: found.device?.id ?? null,
  };
}

/** An organization for support: as the operator reads it, with its own audit log and what staff did. */
export async function staffOrganizationView(deps: Deps, organizationId: string) {
  const organization = await readOrganization(deps, organizationId);
  const [audit, staffAudit] = await Promise.all([
    listAudit(deps.db, organizationId, { limit: AUDIT_ENTRIES }),
    listStaffAudit(deps.db, { organizationIds: [organizationId], limit: AUDIT_ENTRIES }),
  ]);
  return {
    ...organization,
    audit: audit.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actorEmail,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      ip: e.ip,
      detail: e.detail,
    })),
    staffAudit: staffAudit.map(staffAuditView),
  };
}
