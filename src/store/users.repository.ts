import type { Db } from './database.ts';

/** What the use cases need of an account beyond its session: its region and language. */
export async function findAccountProfile(
  db: Db,
  id: string,
): Promise<{ country: string | null; language: string | null } | undefined> {
  const row = await db
    .selectFrom('user')
    .select(['country', 'language'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row && { country: row.country, language: row.language };
}

/** The account's address, as the audit log records who acted. */
export async function findAccountEmail(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('user').select('email').where('id', '=', id).executeTakeFirst();
  return row?.email;
}

/** The account's name and address, as an invitation's page names who sent it; undefined when it is gone. */
export async function findAccountNameAndEmail(
  db: Db,
  id: string,
): Promise<{ name: string; email: string } | undefined> {
  return db.selectFrom('user').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
}

/** The account that holds an address (addresses are kept in lower case). */
export async function findAccountIdByEmail(db: Db, email: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('user')
    .select('id')
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
  return row?.id;
}

/** What an account may change of its own profile. */
export interface ProfilePatch {
  language?: string;
  name?: string;
}

export async function updateAccountProfile(db: Db, id: string, patch: ProfilePatch, at: Date): Promise<void> {
  await db
    .updateTable('user')
    .set({ ...patch, updatedAt: at })
    .where('id', '=', id)
    .execute();
}
