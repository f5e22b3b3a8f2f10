import type { Db } from './database.ts';

export interface StoredResponse {
  requestHash: string;
  response: unknown;
}

export async function findIdempotentResponse(
  db: Db,
  accountId: string,
  key: string,
): Promise<StoredResponse | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response'])
    .where('account_id', '=', accountId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row && { requestHash: row.request_hash, response: JSON.parse(row.response) as unknown };
}

export async function saveIdempotentResponse(
  db: Db,
  r: { accountId: string; key: string; requestHash: string; response: unknown },
  now: Date,
): Promise<void> {
  await db
    .insertInto('idempotency_keys')
    .values({
      account_id: r.accountId,
      key: r.key,
      request_hash: r.requestHash,
      response: JSON.stringify(r.response),
      created_at: now,
    })
    .execute();
}
