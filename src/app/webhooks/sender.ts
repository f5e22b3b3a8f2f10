import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { WEBHOOK_RETRY_DELAYS_MS, webhookRetryDelayMs } from '../../domain/webhook-events.ts';
import { inTransaction } from '../../store/database.ts';
import type { Db } from '../../store/database.ts';
import { enqueueMail } from '../../store/mail-outbox.repository.ts';
import type { ClaimedWebhookMessage } from '../../store/webhook-outbox.repository.ts';
import { claimNextWebhookMessage, recordWebhookAttempt } from '../../store/webhook-outbox.repository.ts';
import { markWebhookEndpointSucceeded, setWebhookEndpointDisabled } from '../../store/webhooks.repository.ts';
import type { Deps } from '../shared/deps.ts';
import type { JobLog } from '../shared/jobs.ts';
import { decryptSecret, signature } from './secrets.ts';
import { parseWebhookUrl, pinnedLookup, resolveWebhookHost } from './target.ts';

/** How long a claimed message stays this node's: well beyond one attempt's timeout. */
const LEASE_MS = 5 * 60_000;

type Outcome = { ok: boolean; status: number | null; error: string | null; latencyMs: number };

/**
 * Sends the webhook messages that are due, one at a time and oldest first, as the mail outbox
 * does: claim (a short transaction; the attempt is counted and leased to this node, so that no
 * other node sends it), POST with no transaction open, then record the attempt and what follows:
 * success (any 2xx), a retry after the schedule's next delay, or, when the schedule is spent,
 * failure; an endpoint that failed throughout (no success since the message was written) is then
 * disabled and the operator told. One at a time: a node sends an endpoint its events in the
 * order they happened. Returns how many attempts it made: `batch` means more may be waiting.
 */
export async function deliverDueWebhooks(deps: Deps, log?: JobLog, batch = WEBHOOK_BATCH): Promise<number> {
  let tried = 0;
  for (; tried < batch; tried++) {
    const now = deps.clock.now();
    const m = await inTransaction(deps.db, (tx) =>
      claimNextWebhookMessage(tx, now, new Date(now.getTime() + LEASE_MS)),
    );
    if (!m) break;
    const outcome = await attempt(deps, m);
    const disabled = await inTransaction(deps.db, (tx) => record(tx, deps, m, now, outcome));
    if (disabled && !deps.settings.operatorEmail)
      log?.warn(
        { endpointId: m.endpointId, url: m.url },
        'webhook endpoint disabled: it failed for three days; no operator email is configured (operatorEmail)',
      );
  }
  return tried;
}

/** The most attempts one run of the sender makes before it lets other jobs in and runs again. */
export const WEBHOOK_BATCH = 200;

/** Records the attempt; says whether the endpoint was disabled by it. */
async function record(tx: Db, deps: Deps, m: ClaimedWebhookMessage, startedAt: Date, o: Outcome) {
  const delay = o.ok ? null : webhookRetryDelayMs(m.attempts);
  const nextAttemptAt = delay === null ? null : new Date(deps.clock.now().getTime() + delay);
  const state = o.ok ? 'succeeded' : nextAttemptAt ? 'pending' : 'failed';
  const attempt = {
    id: deps.random.id(),
    messageId: m.id,
    endpointId: m.endpointId,
    attempt: m.attempts,
    startedAt,
    latencyMs: o.latencyMs,
    succeeded: o.ok,
    responseStatus: o.status,
    error: o.error,
    nextAttemptAt,
  };
  if (!(await recordWebhookAttempt(tx, attempt, state))) return false;
  if (o.ok) await markWebhookEndpointSucceeded(tx, m.endpointId, startedAt);
  // The schedule ran out (not a manual retry after it), with no success since the event: disable.
  const failingThroughout = !m.lastSuccessAt || m.lastSuccessAt < m.createdAt;
  if (state !== 'failed' || m.attempts !== WEBHOOK_RETRY_DELAYS_MS.length + 1 || !failingThroughout)
    return false;
  const now = deps.clock.now();
  if (!(await setWebhookEndpointDisabled(tx, m.endpointId, { at: now, reason: 'failing' }))) return false;
  const to = deps.settings.operatorEmail;
  if (to) {
    const id = deps.random.id();
    const text =
      `The webhook endpoint ${m.url} (${m.endpointId}) failed every attempt for three days and is now disabled.\n` +
      `Its messages wait; enable it again with POST /v1/operator/webhook-endpoints/${m.endpointId}/enable.`;
    await enqueueMail(tx, {
      id,
      messageId: `<${id}@${new URL(deps.settings.publicUrl).hostname}>`,
      to: to.toLowerCase(),
      subject: 'Seatpost: a webhook endpoint was disabled',
      text,
      html: `<!doctype html><p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
      createdAt: now,
      senderAccountId: null,
    });
  }
  return true;
}

/** One POST, signed with the current secret (and the previous one during a rotation's overlap). */
async function attempt(deps: Deps, m: ClaimedWebhookMessage): Promise<Outcome> {
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  const timeoutMs = deps.settings.webhookTimeoutMs;
  try {
    const url = parseWebhookUrl(m.url, deps.settings);
    const [address] = await resolveWebhookHost(url, deps.settings.webhookAllowPrivate, timeoutMs);
    // Receivers compare this with their own clock: the real time, whatever the service's clock says.
    const timestamp = Math.floor(Date.now() / 1000);
    const secrets = [decryptSecret(deps.webhookKey, m.secret)];
    if (m.previousSecret && m.previousSecretUntil && m.previousSecretUntil > deps.clock.now())
      secrets.push(decryptSecret(deps.webhookKey, m.previousSecret));
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Seatpost-Webhooks/1',
      'webhook-id': m.id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': secrets.map((s) => signature(s, m.id, timestamp, m.body)).join(' '),
    };
    const status = await post(url, address!, headers, m.body, Math.max(1, timeoutMs - took()));
    const ok = status >= 200 && status < 300;
    const error = ok ? null : status >= 300 && status < 400 ? `redirect ${status} refused` : `HTTP ${status}`;
    return { ok, status, error, latencyMs: took() };
  } catch (err) {
    return {
      ok: false,
      status: null,
      error: err instanceof Error ? err.message : String(err),
      latencyMs: took(),
    };
  }
}

/** The status of the answer (redirects are not followed); the body is read and dropped. */
function post(
  url: URL,
  address: { address: string; family: number },
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinnedLookup(address),
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        res.on('error', () => {});
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (err) =>
      reject(err.name === 'AbortError' ? new Error(`timed out after ${timeoutMs} ms`) : err),
    );
    req.end(body);
  });
}
