import type { StaffAction } from '../../domain/staff.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import { findOrganizationInvitation, renewInvitation } from '../../store/invitations.repository.ts';
import { appendAudit, findOrganization } from '../../store/organizations.repository.ts';
import { appendStaffAudit } from '../../store/staff.repository.ts';
import { findSubscription } from '../../store/subscriptions.repository.ts';
import { findAccountEmail, findAccountProfile } from '../../store/users.repository.ts';
import { sendDownloadLink } from '../downloads/send-download-link.ts';
import { addOrganizationAdmin } from '../operator/organizations-admin.ts';
import { changeSubscriptionState } from '../operator/operator.ts';
import { INVITATION_TTL_MS, mailInvitation } from '../organizations/invitation-mail.ts';
import { INVITATION_RESENDS_PER_HOUR } from '../organizations/invitations.ts';
import { invitationView } from '../organizations/organizations.ts';
import { revokeFromDevice } from '../sending/revoke.ts';
import { consoleScope, portalScope } from '../sending/send-scope.ts';
import type { Deps } from '../shared/deps.ts';
import { AppError, notFound } from '../shared/errors.ts';
import { secretHash } from '../shared/ports.ts';
import { countAndLimit } from '../shared/rate-limit.ts';
import type { Staff } from './staff.ts';
import { requireStaffRole } from './staff.ts';

/**
 * What support does for a customer, each with a reason and written to the staff audit (who,
 * what, for whom, why, when). Each reuses the customer's or the operator's own use case, so the
 * rules, limits, emails and webhooks are theirs. The staff audit is written in the same
 * transaction as the change: an action is never done unaudited, nor audited undone.
 */

interface Audited {
  targetType: string;
  targetId: string | null;
  accountId: string | null;
  organizationId: string | null;
  detail?: Record<string, unknown>;
}

function recordStaffAction(
  db: Db,
  deps: Deps,
  staff: Staff,
  action: StaffAction,
  reason: string,
  a: Audited,
) {
  return appendStaffAudit(db, {
    staffAccountId: staff.accountId,
    staffEmail: staff.email,
    action,
    targetType: a.targetType,
    targetId: a.targetId,
    accountId: a.accountId,
    organizationId: a.organizationId,
    reason,
    detail: a.detail ?? {},
    at: deps.clock.now(),
  });
}

/** A reason is required, and says something: whitespace alone is not one. */
function reasonOf(text: string): string {
  const reason = text.trim();
  if (reason.length < 3)
    throw new AppError('VALIDATION_FAILED', 'Say why: the reason is kept in the staff audit', {
      pointer: '/reason',
    });
  return reason;
}

/** Emails a new download link for the customer's own subscription, to their address unless another is given. */
export async function staffResendDownloadLink(
  deps: Deps,
  staff: Staff,
  accountId: string,
  input: { subscriptionId: string; email?: string; reason: string },
) {
  requireStaffRole(staff, 'download_link.resend');
  const reason = reasonOf(input.reason);
  const [profile, address] = await Promise.all([
    findAccountProfile(deps.db, accountId),
    findAccountEmail(deps.db, accountId),
  ]);
  if (!profile || !address) throw notFound('Customer');
  return sendDownloadLink(
    deps,
    { id: accountId, ...profile },
    input.subscriptionId,
    input.email ?? address,
    (tx, email) =>
      recordStaffAction(tx, deps, staff, 'download_link.resend', reason, {
        targetType: 'subscription',
        targetId: input.subscriptionId,
        accountId,
        organizationId: null,
        detail: { email },
      }),
  );
}

/** Sends an organization's open invitation again, with a new link; the old one stops working. */
export async function staffResendInvitation(
  deps: Deps,
  staff: Staff,
  organizationId: string,
  invitationId: string,
  text: string,
) {
  requireStaffRole(staff, 'invitation.resend');
  const reason = reasonOf(text);
  const invitation = await findOrganizationInvitation(deps.db, organizationId, invitationId);
  if (!invitation || invitation.acceptedAt || invitation.revokedAt) throw notFound('Invitation');
  // The same count as an administrator's resends: between them, an address gets no more.
  await countAndLimit(deps, `invitation-resend:${invitationId}`, INVITATION_RESENDS_PER_HOUR, 3_600_000);
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const token = deps.random.token(32);
    const renewed = { ...invitation, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) };
    if (!(await renewInvitation(tx, invitationId, secretHash(token), renewed.expiresAt)))
      throw new AppError('INVITATION_INVALID', 'This invitation has just been accepted or revoked');
    const organization = (await findOrganization(tx, organizationId))!;
    await mailInvitation(tx, deps, renewed, organization.name, token);
    const detail = { email: invitation.email, role: invitation.role };
    await appendAudit(tx, {
      organizationId,
      actorAccountId: staff.accountId,
      actorEmail: staff.email,
      action: 'invitation.resend',
      targetType: 'invitation',
      targetId: invitationId,
      detail: { ...detail, by: 'staff', reason },
      ip: null,
      at: now,
    });
    await recordStaffAction(tx, deps, staff, 'invitation.resend', reason, {
      targetType: 'invitation',
      targetId: invitationId,
      accountId: null,
      organizationId,
      detail,
    });
    return invitationView(renewed);
  });
}

/**
 * Frees a seat: the subscription's activation on the device ends (why `revoked`), as the
 * customer's own revoke does, and the device hears of it. For an organization's subscription the
 * organization's audit log names the member of staff.
 */
export async function staffFreeSeat(
  deps: Deps,
  staff: Staff,
  input: { deviceId: string; subscriptionId: string; reason: string },
) {
  requireStaffRole(staff, 'seat.free');
  const reason = reasonOf(input.reason);
  const subscription = await findSubscription(deps.db, input.subscriptionId);
  if (!subscription) throw notFound('Subscription');
  const scope = subscription.organizationId
    ? consoleScope({ id: staff.accountId, country: null }, subscription.organizationId, 'admin')
    : subscription.ownerAccountId
      ? portalScope({ id: subscription.ownerAccountId, country: null })
      : null;
  if (!scope)
    throw new AppError('NOT_ACTIVE_ON_DEVICE', 'This subscription is not active on this device', {
      pointer: '/subscriptionId',
    });
  return revokeFromDevice(deps, scope, input.deviceId, input.subscriptionId, null, (tx, activationId) =>
    recordStaffAction(tx, deps, staff, 'seat.free', reason, {
      targetType: 'device',
      targetId: input.deviceId,
      accountId: subscription.ownerAccountId,
      organizationId: subscription.organizationId,
      detail: { subscriptionId: input.subscriptionId, activationId },
    }),
  );
}

/** Reinstates a blocked or suspended subscription, as the operator's reinstate does. */
export async function staffReinstate(deps: Deps, staff: Staff, subscriptionId: string, text: string) {
  requireStaffRole(staff, 'subscription.reinstate');
  const reason = reasonOf(text);
  const subscription = await findSubscription(deps.db, subscriptionId);
  if (!subscription) throw notFound('Subscription');
  if (subscription.state === 'active')
    throw new AppError('INVALID_TRANSITION', 'This subscription is not blocked or suspended');
  return changeSubscriptionState(deps, subscriptionId, 'reinstate', (tx) =>
    recordStaffAction(tx, deps, staff, 'subscription.reinstate', reason, {
      targetType: 'subscription',
      targetId: subscriptionId,
      accountId: subscription.ownerAccountId,
      organizationId: subscription.organizationId,
      detail: { from: subscription.state },
    }),
  );
}

/** Invites an administrator to an organization; the invitation and both audits are one transaction. */
export async function staffAddOrganizationAdmin(
  deps: Deps,
  staff: Staff,
  organizationId: string,
  input: { email: string; reason: string },
) {
  requireStaffRole(staff, 'organization.add_admin');
  const reason = reasonOf(input.reason);
  return addOrganizationAdmin(deps, organizationId, input.email, {
    by: 'staff',
    accountId: staff.accountId,
    email: staff.email,
    reason,
    record: (tx) =>
      recordStaffAction(tx, deps, staff, 'organization.add_admin', reason, {
        targetType: 'organization',
        targetId: organizationId,
        accountId: null,
        organizationId,
        detail: { email: input.email.toLowerCase() },
      }),
  });
}
