import type { ColumnType, Generated } from 'kysely';

// As in schema.ts (not imported from it, so that the two files do not import each other).
type Timestamp = ColumnType<Date | string, Date, Date>;
type Flag = ColumnType<boolean | number, boolean, boolean>;

/** A webhook endpoint the operator registered (issue 18); secrets are stored encrypted. */
export interface WebhookEndpointTable {
  id: string;
  url: string;
  description: string | null;
  events: string | null;
  secret: string;
  previous_secret: string | null;
  previous_secret_until: Timestamp | null;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  last_success_at: Timestamp | null;
  created_at: Timestamp;
}

/** The webhook outbox: one message per endpoint and event, written with the change. */
export interface WebhookMessageTable {
  seq: Generated<number>;
  id: string;
  endpoint_id: string;
  type: string;
  body: string;
  created_at: Timestamp;
  attempts: number;
  state: string;
  next_attempt_at: Timestamp | null;
}

/** One attempt to send a webhook message: the endpoint's attempt log. */
export interface WebhookAttemptTable {
  id: string;
  message_id: string;
  endpoint_id: string;
  attempt: number;
  started_at: Timestamp;
  latency_ms: number;
  succeeded: Flag;
  response_status: number | null;
  error: string | null;
  next_attempt_at: Timestamp | null;
}
