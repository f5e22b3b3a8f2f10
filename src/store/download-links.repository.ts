import type { Db } from './database.ts';
import { toDate } from './dialect.ts';

export interface DownloadLink {
  id: string;
  subscriptionId: string;
  accountId: string;
  email: string;
  language: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertDownloadLink(db: Db, link: DownloadLink, tokenHash: string): Promise<void> {
  await db
    .insertInto('download_links')
    .values({
      id: link.id,
      token_hash: tokenHash,
      subscription_id: link.subscriptionId,
      account_id: link.accountId,
      email: link.email,
      language: link.language,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .execute();
}

/** The link a token's hash belongs to, expired or not (the caller tells the two apart). */
export async function findDownloadLinkByTokenHash(
  db: Db,
  tokenHash: string,
): Promise<DownloadLink | undefined> {
  const r = await db
    .selectFrom('download_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    r && {
      id: r.id,
      subscriptionId: r.subscription_id,
      accountId: r.account_id,
      email: r.email,
      language: r.language,
      createdAt: toDate(r.created_at),
      expiresAt: toDate(r.expires_at),
    }
  );
}
