import { pageSize } from '../../domain/console-lists.ts';
import { seatUsage } from '../../domain/seats.ts';
import { seatHolders } from '../../store/activations.repository.ts';
import type { Db } from '../../store/database.ts';
import { inTransaction } from '../../store/database.ts';
import {
  countOrganizationDevices,
  pageOrganizations,
} from '../../store/operator-organizations.repository.ts';
import {
  appendAudit,
  findOrganization,
  listMembers,
  listOpenInvitations,
} from '../../store/organizations.repository.ts';
import { listProducts } from '../../store/products.repository.ts';
import { listOrganizationSubscriptions } from '../../store/subscriptions.repository.ts';
import { decodeCursor, encodeCursor } from '../organizations/cursor.ts';
import type { PageRequest } from '../organizations/fleet-pages.ts';
import { invitationView, invite } from '../organizations/organizations.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { subscriptionView } from '../shared/views.ts';

/**
 * The vendor's view of its business customers (issue 18): every organization, searched by name
 * and paged, one organization whole, and a new administrator for one whose first never accepted.
 */

const LIST = 'operator-organizations';

export async function listOrganizations(deps: Deps, page: PageRequest & { search?: string }) {
  const search = page.search?.trim() || undefined;
  // The search is part of the list a cursor belongs to: a cursor cannot carry one search into another.
  const list = `${LIST}:${search ?? ''}`;
  const after = page.cursor ? decodeCursor(deps, list, page.cursor, 2) : undefined;
  const limit = pageSize(page.limit === undefined ? undefined : Number(page.limit));
  const rows = await pageOrganizations(deps.db, {
    search,
    after: after && [String(after[0]), String(after[1])],
    limit: limit + 1,
  });
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return {
    organizations: shown.map((o) => ({
      id: o.id,
      name: o.name,
      createdAt: o.createdAt.toISOString(),
      members: o.members,
      admins: o.admins,
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(deps, list, [last.name, last.id]) : null,
  };
}

/** One organization whole: its people and their roles, invitations still open, subscriptions with seats, devices. */
export async function readOrganization(deps: Deps, id: string) {
  const organization = await findOrganization(deps.db, id);
  if (!organization) throw notFound('Organization');
  const now = deps.clock.now();
  const [members, invitations, subscriptions, products, devices] = await Promise.all([
    listMembers(deps.db, id),
    listOpenInvitations(deps.db, id, now),
    listOrganizationSubscriptions(deps.db, id),
    listProducts(deps.db),
    countOrganizationDevices(deps.db, id),
  ]);
  const productById = new Map(products.map((p) => [p.id, p]));
  return {
    id: organization.id,
    name: organization.name,
    createdAt: organization.createdAt.toISOString(),
    members: members.map((m) => ({
      accountId: m.accountId,
      email: m.email,
      name: m.name,
      role: m.role,
      since: m.since.toISOString(),
    })),
    invitations: invitations.map(invitationView),
    subscriptions: await Promise.all(
      subscriptions.map(async (s) =>
        subscriptionView(
          s,
          productById.get(s.productId)!,
          seatUsage(s.unit, s.seats, await seatHolders(deps.db, s.id, now)),
          now,
        ),
      ),
    ),
    devices,
  };
}

/** Who adds an administrator: the operator's key, or a member of the vendor's staff. */
export type AdminAdder =
  | { by: 'operator' }
  | { by: 'staff'; accountId: string; email: string; reason: string; record: (tx: Db) => Promise<void> };

/**
 * Invites `email` as an administrator of the organization: the way out for an organization whose
 * first administrator never accepted. The invitation and its email (the outbox) and the entry in
 * the organization's audit log are written in one transaction.
 */
export async function addOrganizationAdmin(
  deps: Deps,
  organizationId: string,
  email: string,
  adder: AdminAdder,
  ip: string | null = null,
) {
  return inTransaction(deps.db, async (tx) => {
    const organization = await findOrganization(tx, organizationId);
    if (!organization) throw notFound('Organization');
    const { invitation } = await invite(tx, deps, {
      organizationId,
      organizationName: organization.name,
      email,
      role: 'admin',
      invitedBy: adder.by === 'staff' ? adder.accountId : null,
    });
    await appendAudit(tx, {
      organizationId,
      actorAccountId: adder.by === 'staff' ? adder.accountId : null,
      // The operator is a key, not an account: the log names it as such.
      actorEmail: adder.by === 'staff' ? adder.email : 'operator',
      action: 'member.invite',
      targetType: 'invitation',
      targetId: invitation.id,
      detail: {
        email: invitation.email,
        role: invitation.role,
        by: adder.by,
        ...(adder.by === 'staff' ? { reason: adder.reason } : {}),
      },
      ip,
      at: deps.clock.now(),
    });
    if (adder.by === 'staff') await adder.record(tx);
    return invitationView(invitation);
  });
}
