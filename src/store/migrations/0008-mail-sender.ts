import type { Kysely } from 'kysely';

/**
 * Who caused a message (the account that sent a download link), so that the demo's local
 * mailbox can show a newcomer the link they just sent to any address, and only to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('mail_outbox').addColumn('sender_account_id', 'text').execute();
  await db.schema
    .createIndex('mail_outbox_sender')
    .on('mail_outbox')
    .columns(['sender_account_id', 'created_at'])
    .execute();
}
