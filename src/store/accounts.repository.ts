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
