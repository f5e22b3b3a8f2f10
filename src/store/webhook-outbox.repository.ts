import type { Db } from './database.ts';
import { toDate, toDateOrNull } from './dialect.ts';
import { claimRows } from './node-locks.ts';

export interface NewWebhookMessage {
  id: string;
  endpointId: string;
  type: string;
  body: string;
  createdAt: Date;
}

/** A message claimed for sending, with what sending it needs from its endpoint. */
export interface ClaimedWebhookMessage extends NewWebhookMessage {
  /** Counting this one. */
  attempts: number;
  url: string;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  lastSuccessAt: Date | null;
}

export interface WebhookAttempt {
  id: string;
  messageId: string;
  endpointId: string;
  attempt: number;
  startedAt: Date;
  latencyMs: number;
  succeeded: boolean;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: Date | null;
}

export async function enqueueWebhookMessages(db: Db, messages: readonly NewWebhookMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await db
    .insertInto('webhook_messages')
    .values(
      messages.map((m) => ({
        id: m.id,
        endpoint_id: m.endpointId,
        type: m.type,
        body: m.body,
        created_at: m.createdAt,
        attempts: 0,
        state: 'pending',
        next_attempt_at: m.createdAt,
      })),
    )
    .execute();
}

/**
 * Claims the next due message of an enabled endpoint for this node, in the caller's (short)
 * transaction: locked (rows another node holds are skipped), its attempt counted and leased
 * until `leaseUntil`, so that no other node sends this attempt. Oldest first.
 */
export async function claimNextWebhookMessage(
  db: Db,
  now: Date,
  leaseUntil: Date,
): Promise<ClaimedWebhookMessage | undefined> {
  const row = await claimRows(
    db,
    db
      .selectFrom('webhook_messages')
      .selectAll()
      .where('state', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('webhook_endpoints')
            .select('webhook_endpoints.id')
            .whereRef('webhook_endpoints.id', '=', 'webhook_messages.endpoint_id')
            .where('webhook_endpoints.disabled_at', 'is', null),
        ),
      )
      .orderBy('next_attempt_at')
      .orderBy('seq')
      .limit(1),
  ).executeTakeFirst();
  if (!row) return undefined;
  await db
    .updateTable('webhook_messages')
    .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
    .where('id', '=', row.id)
    .execute();
  const e = await db
    .selectFrom('webhook_endpoints')
    .select(['url', 'secret', 'previous_secret', 'previous_secret_until', 'last_success_at'])
    .where('id', '=', row.endpoint_id)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    type: row.type,
    body: row.body,
    createdAt: toDate(row.created_at),
    attempts: row.attempts + 1,
    url: e.url,
    secret: e.secret,
    previousSecret: e.previous_secret,
    previousSecretUntil: toDateOrNull(e.previous_secret_until),
    lastSuccessAt: toDateOrNull(e.last_success_at),
  };
}

/**
 * Writes down one attempt and what follows it: the message succeeded, failed for good, or is due
 * again at `attempt.nextAttemptAt`. Only while the message is still this attempt's (a compare-and-set
 * on its attempt count); says whether it was.
 */
export async function recordWebhookAttempt(
  db: Db,
  attempt: WebhookAttempt,
  state: 'pending' | 'succeeded' | 'failed',
): Promise<boolean> {
  const r = await db
    .updateTable('webhook_messages')
    .set({ state, next_attempt_at: attempt.nextAttemptAt })
    .where('id', '=', attempt.messageId)
    .where('attempts', '=', attempt.attempt)
    .where('state', '=', 'pending')
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await db
    .insertInto('webhook_attempts')
    .values({
      id: attempt.id,
      message_id: attempt.messageId,
      endpoint_id: attempt.endpointId,
      attempt: attempt.attempt,
      started_at: attempt.startedAt,
      latency_ms: attempt.latencyMs,
      succeeded: attempt.succeeded,
      response_status: attempt.responseStatus,
      error: attempt.error?.slice(0, 500) ?? null,
      next_attempt_at: attempt.nextAttemptAt,
    })
    .execute();
  return true;
}

export interface LoggedWebhookAttempt extends WebhookAttempt {
  type: string;
  messageState: string;
}

/** The endpoint's attempt log, newest first. */
export async function webhookAttemptsOf(
  db: Db,
  endpointId: string,
  limit = 100,
): Promise<LoggedWebhookAttempt[]> {
  const rows = await db
    .selectFrom('webhook_attempts as a')
    .innerJoin('webhook_messages as m', 'm.id', 'a.message_id')
    .select([
      'a.id',
      'a.message_id',
      'a.endpoint_id',
      'a.attempt',
      'a.started_at',
      'a.latency_ms',
      'a.succeeded',
      'a.response_status',
      'a.error',
      'a.next_attempt_at',
      'm.type',
      'm.state',
    ])
    .where('a.endpoint_id', '=', endpointId)
    .orderBy('a.started_at', 'desc')
    .orderBy('m.seq', 'desc')
    .orderBy('a.attempt', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    endpointId: r.endpoint_id,
    attempt: r.attempt,
    startedAt: toDate(r.started_at),
    latencyMs: r.latency_ms,
    succeeded: Boolean(r.succeeded),
    responseStatus: r.response_status,
    error: r.error,
    nextAttemptAt: toDateOrNull(r.next_attempt_at),
    type: r.type,
    messageState: r.state,
  }));
}

/** The message an attempt of this endpoint belonged to, if there is such an attempt. */
export async function messageOfAttempt(
  db: Db,
  endpointId: string,
  attemptId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('webhook_attempts')
    .select('message_id')
    .where('id', '=', attemptId)
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  return row?.message_id;
}

/** Makes the message due at `now` again (a manual retry), whatever its state. */
export async function requeueWebhookMessage(db: Db, messageId: string, now: Date): Promise<void> {
  await db
    .updateTable('webhook_messages')
    .set({ state: 'pending', next_attempt_at: now })
    .where('id', '=', messageId)
    .execute();
}
