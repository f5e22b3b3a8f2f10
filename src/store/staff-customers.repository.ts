import type { Db } from './database.ts';
import { toDate } from './dialect.ts';
import type { StoredDelivery } from './deliveries.repository.ts';
import { rowToDelivery } from './deliveries.repository.ts';

/** What the vendor's support sees of a customer's account itself. */
export async function findCustomerAccount(
  db: Db,
  id: string,
): Promise<{ id: string; email: string; name: string; emailVerified: boolean; createdAt: Date } | undefined> {
  const row = await db
    .selectFrom('user')
    .select(['id', 'email', 'name', 'emailVerified', 'createdAt'])
    .where('id', '=', id)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      email: row.email,
      name: row.name,
      emailVerified: row.emailVerified === true || row.emailVerified === 1,
      createdAt: toDate(row.createdAt),
    }
  );
}

/**
 * The newest deliveries that concern the account: to its own devices, or of its own
 * subscriptions, with each one's device name.
 */
export async function customerDeliveries(
  db: Db,
  accountId: string,
  limit: number,
): Promise<(StoredDelivery & { deviceName: string })[]> {
  const rows = await db
    .selectFrom('deliveries as d')
    .innerJoin('devices as v', 'v.id', 'd.device_id')
    .selectAll('d')
    .select('v.name as device_name')
    .where((eb) =>
      eb.or([
        eb('v.account_id', '=', accountId),
        eb(
          'd.subscription_id',
          'in',
          eb.selectFrom('subscriptions').select('id').where('owner_account_id', '=', accountId),
        ),
      ]),
    )
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute();
  return rows.map(({ device_name, ...r }) => ({ ...rowToDelivery(r), deviceName: device_name }));
}
