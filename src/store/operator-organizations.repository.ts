import { sql } from 'kysely';
import type { Db } from './database.ts';
import { toDate, toInt } from './dialect.ts';
import type { Organization } from './organizations.repository.ts';

export interface ListedOrganization extends Organization {
  members: number;
  admins: number;
}

/** `%`, `_` and the escape itself, taken literally in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The vendor's organizations a page at a time, by name then id (keyset: `after` is the last row's
 * name and id), optionally only those whose name contains `search` in any case.
 */
export async function pageOrganizations(
  db: Db,
  f: { search?: string; after?: readonly [string, string]; limit: number },
): Promise<ListedOrganization[]> {
  let q = db.selectFrom('organizations as o').select([
    'o.id',
    'o.name',
    'o.created_at',
    (eb) =>
      eb
        .selectFrom('memberships as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.organization_id', '=', 'o.id')
        .as('members'),
    (eb) =>
      eb
        .selectFrom('memberships as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.organization_id', '=', 'o.id')
        .where('m.role', '=', 'admin')
        .as('admins'),
  ]);
  if (f.search)
    q = q.where(sql<boolean>`lower(o.name) like ${`%${likeLiteral(f.search.toLowerCase())}%`} escape '\\'`);
  if (f.after) {
    const [name, id] = f.after;
    q = q.where((eb) =>
      eb.or([eb('o.name', '>', name), eb.and([eb('o.name', '=', name), eb('o.id', '>', id)])]),
    );
  }
  const rows = await q.orderBy('o.name').orderBy('o.id').limit(f.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: toDate(r.created_at),
    members: toInt(r.members ?? 0),
    admins: toInt(r.admins ?? 0),
  }));
}

/** The organization's connected devices. */
export async function countOrganizationDevices(db: Db, organizationId: string): Promise<number> {
  const row = await db
    .selectFrom('devices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organization_id', '=', organizationId)
    .where('disconnected_at', 'is', null)
    .executeTakeFirst();
  return toInt(row?.n ?? 0);
}
