import type { Selectable } from 'kysely';
import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';
import type { WebhookEndpointTable } from './schema-webhooks.ts';

/** A webhook endpoint as stored: its secrets still encrypted (see app/webhooks/secrets.ts). */
export interface StoredWebhookEndpoint {
  id: string;
  url: string;
  description: string | null;
  /** The event types it wants; null for all. */
  events: string[] | null;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  disabledAt: Date | null;
  disabledReason: string | null;
  lastSuccessAt: Date | null;
  createdAt: Date;
}

function rowToEndpoint(r: Selectable<WebhookEndpointTable>): StoredWebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    events: r.events === null ? null : (JSON.parse(r.events) as string[]),
    secret: r.secret,
    previousSecret: r.previous_secret,
    previousSecretUntil: toDateOrNull(r.previous_secret_until),
    disabledAt: toDateOrNull(r.disabled_at),
    disabledReason: r.disabled_reason,
    lastSuccessAt: toDateOrNull(r.last_success_at),
    createdAt: toDate(r.created_at),
  };
}

export async function insertWebhookEndpoint(
  db: Db,
  e: Pick<StoredWebhookEndpoint, 'id' | 'url' | 'description' | 'events' | 'secret' | 'createdAt'>,
): Promise<void> {
  await db
    .insertInto('webhook_endpoints')
    .values({
      id: e.id,
      url: e.url,
      description: e.description,
      events: e.events === null ? null : JSON.stringify(e.events),
      secret: e.secret,
      previous_secret: null,
      previous_secret_until: null,
      disabled_at: null,
      disabled_reason: null,
      last_success_at: null,
      created_at: e.createdAt,
    })
    .execute();
}

export async function listWebhookEndpoints(db: Db): Promise<StoredWebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(rowToEndpoint);
}

export async function findWebhookEndpoint(db: Db, id: string): Promise<StoredWebhookEndpoint | undefined> {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToEndpoint(row);
}

/** The enabled endpoints that want events of `type`: the ones an event is written for. */
export async function endpointsWanting(db: Db, type: string): Promise<string[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('disabled_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows
    .filter((r) => r.events === null || (JSON.parse(r.events) as string[]).includes(type))
    .map((r) => r.id);
}

/** Disables (with a reason) or enables the endpoint; says whether it changed. */
export async function setWebhookEndpointDisabled(
  db: Db,
  id: string,
  disabled: { at: Date; reason: string } | null,
): Promise<boolean> {
  let q = db
    .updateTable('webhook_endpoints')
    .set({ disabled_at: disabled?.at ?? null, disabled_reason: disabled?.reason ?? null })
    .where('id', '=', id);
  q = disabled ? q.where('disabled_at', 'is', null) : q.where('disabled_at', 'is not', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function rotateWebhookSecret(
  db: Db,
  id: string,
  secrets: { secret: string; previous: string; previousUntil: Date },
): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({
      secret: secrets.secret,
      previous_secret: secrets.previous,
      previous_secret_until: secrets.previousUntil,
    })
    .where('id', '=', id)
    .execute();
}

export async function markWebhookEndpointSucceeded(db: Db, id: string, at: Date): Promise<void> {
  await db.updateTable('webhook_endpoints').set({ last_success_at: at }).where('id', '=', id).execute();
}

/** Deletes the endpoint with its messages and their attempt log; says whether it existed. */
export async function deleteWebhookEndpoint(db: Db, id: string): Promise<boolean> {
  await db.deleteFrom('webhook_attempts').where('endpoint_id', '=', id).execute();
  await db.deleteFrom('webhook_messages').where('endpoint_id', '=', id).execute();
  const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
