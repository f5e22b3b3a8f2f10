import type { WebhookEventType } from '../../domain/webhook-events.ts';
import { inTransaction } from '../../store/database.ts';
import type { StoredWebhookEndpoint } from '../../store/webhooks.repository.ts';
import {
  deleteWebhookEndpoint,
  findWebhookEndpoint,
  insertWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  setWebhookEndpointDisabled,
} from '../../store/webhooks.repository.ts';
import {
  messageOfAttempt,
  requeueWebhookMessage,
  webhookAttemptsOf,
} from '../../store/webhook-outbox.repository.ts';
import type { Deps } from '../shared/deps.ts';
import { notFound } from '../shared/errors.ts';
import { decryptSecret, encryptSecret, newWebhookSecret } from './secrets.ts';
import { parseWebhookUrl, resolveWebhookHost } from './target.ts';

/** The operator's webhook endpoints (issue 18): register, list, disable/enable, delete, rotate, the log, retry. */
function endpointView(e: StoredWebhookEndpoint, now: Date) {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: e.events as WebhookEventType[] | null,
    enabled: e.disabledAt === null,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    disabledReason: e.disabledReason,
    previousSecretValidUntil:
      e.previousSecretUntil && e.previousSecretUntil > now ? e.previousSecretUntil.toISOString() : null,
    lastSuccessAt: e.lastSuccessAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}

/** Registers an endpoint; its secret is answered this once and kept only encrypted. */
export async function createWebhookEndpoint(
  deps: Deps,
  input: { url: string; events?: WebhookEventType[]; description?: string },
) {
  const url = parseWebhookUrl(input.url, deps.settings);
  await resolveWebhookHost(url, deps.settings.webhookAllowPrivate);
  const secret = newWebhookSecret(deps.random);
  const endpoint = {
    id: deps.random.id(),
    url: url.toString(),
    description: input.description ?? null,
    events: input.events ? [...new Set(input.events)] : null,
    secret: encryptSecret(deps.webhookKey, secret),
    createdAt: deps.clock.now(),
  };
  await insertWebhookEndpoint(deps.db, endpoint);
  const stored = (await findWebhookEndpoint(deps.db, endpoint.id))!;
  return { ...endpointView(stored, deps.clock.now()), secret };
}

export async function listWebhookEndpointViews(deps: Deps) {
  const now = deps.clock.now();
  return (await listWebhookEndpoints(deps.db)).map((e) => endpointView(e, now));
}

export async function getWebhookEndpoint(deps: Deps, id: string) {
  const e = await findWebhookEndpoint(deps.db, id);
  if (!e) throw notFound('Webhook endpoint');
  return endpointView(e, deps.clock.now());
}

/** Disables or enables it: a disabled endpoint gets no new events, and its waiting messages wait. */
export async function setWebhookEndpointEnabled(deps: Deps, id: string, enabled: boolean) {
  if (!(await findWebhookEndpoint(deps.db, id))) throw notFound('Webhook endpoint');
  await setWebhookEndpointDisabled(
    deps.db,
    id,
    enabled ? null : { at: deps.clock.now(), reason: 'operator' },
  );
  return getWebhookEndpoint(deps, id);
}

export async function removeWebhookEndpoint(deps: Deps, id: string): Promise<void> {
  if (!(await inTransaction(deps.db, (tx) => deleteWebhookEndpoint(tx, id))))
    throw notFound('Webhook endpoint');
}

/**
 * A new secret, answered once. The old one keeps signing beside it (a second `v1,` signature in
 * `webhook-signature`) for `webhookSecretOverlapMs`, so that receivers can switch without a gap.
 */
export async function rotateWebhookEndpointSecret(deps: Deps, id: string) {
  return inTransaction(deps.db, async (tx) => {
    const e = await findWebhookEndpoint(tx, id);
    if (!e) throw notFound('Webhook endpoint');
    const secret = newWebhookSecret(deps.random);
    const previousUntil = new Date(deps.clock.now().getTime() + deps.settings.webhookSecretOverlapMs);
    // Re-encrypted, so that a stored value never outlives its place.
    const previous = encryptSecret(deps.webhookKey, decryptSecret(deps.webhookKey, e.secret));
    await rotateWebhookSecret(tx, id, {
      secret: encryptSecret(deps.webhookKey, secret),
      previous,
      previousUntil,
    });
    return { id, secret, previousSecretValidUntil: previousUntil.toISOString() };
  });
}

/** The endpoint's attempt log, newest first. */
export async function webhookAttemptLog(deps: Deps, id: string) {
  if (!(await findWebhookEndpoint(deps.db, id))) throw notFound('Webhook endpoint');
  return (await webhookAttemptsOf(deps.db, id)).map((a) => ({
    id: a.id,
    messageId: a.messageId,
    type: a.type as WebhookEventType,
    attempt: a.attempt,
    status: a.succeeded ? ('succeeded' as const) : ('failed' as const),
    responseStatus: a.responseStatus,
    error: a.error,
    latencyMs: a.latencyMs,
    startedAt: a.startedAt.toISOString(),
    nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null,
    messageState: a.messageState,
  }));
}

/** Sends the attempt's message again at once (the next worker round), whatever became of it. */
export async function retryWebhookAttempt(deps: Deps, id: string, attemptId: string) {
  const messageId = await messageOfAttempt(deps.db, id, attemptId);
  if (!messageId) throw notFound('Webhook attempt');
  await requeueWebhookMessage(deps.db, messageId, deps.clock.now());
  return { messageId, state: 'pending' as const };
}
