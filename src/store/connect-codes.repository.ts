import type { Db } from './database.ts';
import { toInt } from './dialect.ts';

export async function insertConnectCode(
  db: Db,
  c: {
    codeHash: string;
    accountId: string;
    organizationId?: string | null;
    /** A code from a download link carries the link's subscription. */
    subscriptionId?: string | null;
    expiresAt: Date;
  },
  now: Date,
): Promise<void> {
  await db
    .insertInto('connect_codes')
    .values({
      code_hash: c.codeHash,
      account_id: c.accountId,
      organization_id: c.organizationId ?? null,
      subscription_id: c.subscriptionId ?? null,
      created_at: now,
      expires_at: c.expiresAt,
      used_at: null,
      device_id: null,
    })
    .execute();
}

/**
 * Uses the code up: succeeds for exactly one caller, and only while the code is unused and
 * unexpired. Returns the account (and organization) it connects to, and the subscription it
 * carries when it came from a download link.
 */
export async function redeemConnectCode(
  db: Db,
  codeHash: string,
  deviceId: string,
  now: Date,
): Promise<{ accountId: string; organizationId: string | null; subscriptionId: string | null } | undefined> {
  const row = await db
    .updateTable('connect_codes')
    .set({ used_at: now, device_id: deviceId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning(['account_id', 'organization_id', 'subscription_id'])
    .executeTakeFirst();
  return (
    row && {
      accountId: row.account_id,
      organizationId: row.organization_id,
      subscriptionId: row.subscription_id,
    }
  );
}

export async function countCodesCreatedSince(db: Db, accountId: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('connect_codes')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('account_id', '=', accountId)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return toInt(row.n);
}
