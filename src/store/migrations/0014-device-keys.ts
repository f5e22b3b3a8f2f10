import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { columnTypes } from '../dialect.ts';

/**
 * The life of a seat (issue 15), the device's side: what makes a device the same device, and
 * the tokens a device lost or stolen still presents.
 *
 * `device_identities`: a device's Ed25519 public key (unique within its scope, the account or
 * the organization, while it names a device) and the hardware hint of apps without a key, and
 * for a duplicate merged away, into which device, when and by whom.
 *
 * `refused_tokens`: the token a lost device had, kept hashed only so that a later request with it
 * is refused with its own code and recorded on the device (when, and from which address).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const t = columnTypes(db);
  await db.schema
    .createTable('device_identities')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('devices.id'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text')
    .addColumn('hardware_id', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('merged_at', t.timestamp)
    .addColumn('merged_by', 'text')
    .addColumn('created_at', t.timestamp, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('device_identities_key')
    .on('device_identities')
    .columns(['scope', 'public_key'])
    .unique()
    .where(sql.ref('public_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('device_identities_hardware')
    .on('device_identities')
    .columns(['scope', 'hardware_id'])
    .where(sql.ref('hardware_id'), 'is not', null)
    .execute();

  await db.schema
    .createTable('refused_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
    .addColumn('refused_since', t.timestamp, (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_attempt_at', t.timestamp)
    .addColumn('last_attempt_address', 'text')
    .execute();
  await db.schema.createIndex('refused_tokens_device').on('refused_tokens').column('device_id').execute();
}
