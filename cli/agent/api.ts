import type { JSONWebKeySet } from 'jose';
import type { InstalledApp } from './options.ts';

/**
 * A client for the Device part of the Seatpost HTTP API (shared/spec/api.md). The shapes below
 * mirror src/http/schemas.ts; they are repeated rather than imported because a vendor's app
 * ships on its own and knows the service only through its HTTP contract.
 */

export type DeliveryStatus =
  'pending' | 'delivered' | 'action_required' | 'completed' | 'failed' | 'cancelled' | 'expired';

export const FINAL_STATUSES: readonly DeliveryStatus[] = ['completed', 'failed', 'cancelled', 'expired'];

export type DeviceDelivery = {
  id: string;
  status: DeliveryStatus;
  createdAt: string;
  expiresAt: string;
  subscription: {
    id: string;
    productId: string;
    productName: string;
    app: string;
    kind: string;
    renewal: string;
    expiresAt: string;
  };
};

/** The delivery as its sender sees it: what ack, action-required and complete answer with. */
export type Delivery = {
  id: string;
  subscriptionId: string;
  deviceId: string;
  status: DeliveryStatus;
  reason: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
};

/** An activation ended under the running app (revoked, replaced, expired…): stop using it and acknowledge. */
export type Revocation = {
  id: string;
  subscriptionId: string;
  app: string;
  productName: string | null;
  because: string;
  at: string;
  ackedAt: string | null;
};

/** A subscription waiting on the device until the app's current one ends, then started by the service. */
export type Reserve = {
  id: string;
  subscriptionId: string;
  app: string;
  status: 'waiting' | 'started' | 'cancelled' | 'failed';
  reason: string | null;
  startsAt: string | null;
};

export type Activation = {
  app: string;
  subscriptionId: string;
  productId: string;
  productName: string;
  kind: string;
  renewal: string;
  expiresAt: string;
  activatedAt: string;
};

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  reasons?: string[];
};

export type ConnectRequest = {
  code: string;
  name: string;
  platform: string;
  region?: string;
  apps: InstalledApp[];
  /** The device's key and its proof (./device-key.ts): a known key reconnects the same device. */
  publicKey?: string;
  proof?: string;
};
export type Connection = {
  deviceId: string;
  token: string;
  /** True when the service knew the key: the same device as before, with a new token. */
  reconnected?: boolean;
  /** With a code from a download link: its subscription, applied at once. */
  appliedSubscription?: Activation;
  /** With a code from a download link: why its subscription could not be applied. */
  notApplied?: { subscriptionId: string; reasons: string[] };
};

/** The service answered with an error; `problem` is its problem+json body when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  constructor(status: number, problem: Problem | undefined, fallback: string) {
    super(problem?.detail || fallback);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
  get code(): string | undefined {
    return this.problem?.code;
  }
}

/**
 * A 401 on a device call: the token no longer works because the device was disconnected from its
 * account; `code` `DEVICE_TOKEN_REVOKED` when it was reported lost or stolen.
 */
export class DisconnectedError extends Error {
  readonly code: string | undefined;
  constructor(detail: string, code?: string) {
    super(detail);
    this.name = 'DisconnectedError';
    this.code = code;
  }
}

/**
 * Whether trying again later may help: the network failed, the service is overloaded or
 * restarting. A 4xx other than 429 is an answer, and asking again gets the same answer.
 */
export function isTransient(err: unknown): boolean {
  if (err instanceof DisconnectedError) return false;
  if (err instanceof ApiError) return err.status >= 500 || err.status === 429 || err.status === 408;
  return !(err instanceof Error && err.name === 'AbortError');
}

/** Why a fetch failed, in plain words: undici hides the useful part (ECONNREFUSED, ...) in `cause`. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError || err instanceof DisconnectedError) return err.message;
  if (err instanceof Error) {
    const cause = err.cause as { code?: string; message?: string } | undefined;
    if (cause?.code === 'ECONNREFUSED') return 'the server refused the connection (is it running?)';
    if (cause?.code === 'ENOTFOUND') return 'the server name could not be found';
    if (cause?.code === 'ECONNRESET' || cause?.code === 'UND_ERR_SOCKET') return 'the connection was cut';
    return cause?.message ? `${err.message}: ${cause.message}` : err.message;
  }
  return String(err);
}

export class DeviceApi {
  readonly server: string;
  private readonly token: string | undefined;
  /** Aborts every call when the agent stops. */
  private readonly signal: AbortSignal | undefined;

  constructor(server: string, token?: string, signal?: AbortSignal) {
    this.server = server;
    this.token = token;
    this.signal = signal;
  }

  withToken(token: string): DeviceApi {
    return new DeviceApi(this.server, token, this.signal);
  }

  connect(body: ConnectRequest): Promise<Connection> {
    return this.call<Connection>('POST', '/v1/device/connect', body);
  }

  /** Enrols with an organization's enrolment key (./enroll.ts). */
  enroll(
    body: Omit<ConnectRequest, 'code' | 'publicKey' | 'proof'> & { enrollmentKey: string },
  ): Promise<Connection> {
    return this.call<Connection>('POST', '/v1/device/enroll', body);
  }

  async checkIn(body: { apps: InstalledApp[]; region?: string }): Promise<DeviceDelivery[]> {
    const answer = await this.call<{ deliveries: DeviceDelivery[] }>('POST', '/v1/device/check-in', body);
    return answer.deliveries;
  }

  ack(id: string): Promise<Delivery> {
    return this.call<Delivery>('POST', `/v1/device/deliveries/${encodeURIComponent(id)}/ack`);
  }

  actionRequired(id: string): Promise<Delivery> {
    return this.call<Delivery>('POST', `/v1/device/deliveries/${encodeURIComponent(id)}/action-required`);
  }

  /** Rejects with an ApiError 409 carrying `reasons` when the sending rules now refuse it. */
  complete(id: string): Promise<{ delivery: Delivery; activation?: Activation }> {
    return this.call('POST', `/v1/device/deliveries/${encodeURIComponent(id)}/complete`);
  }

  /** The revocations not acknowledged yet: what was ended while the stream was closed. */
  async revocations(): Promise<Revocation[]> {
    return (await this.call<{ revocations: Revocation[] }>('GET', '/v1/device/revocations')).revocations;
  }

  /** Tells the service the app has stopped using a revoked subscription. */
  ackRevocation(id: string): Promise<Revocation> {
    return this.call<Revocation>('POST', `/v1/device/revocations/${encodeURIComponent(id)}/ack`);
  }

  /** The app's current subscriptions on this device. */
  async subscriptions(): Promise<Activation[]> {
    return (await this.call<{ subscriptions: Activation[] }>('GET', '/v1/device/subscriptions'))
      .subscriptions;
  }

  /** The signed offline licence (a compact JWS) and the public keys that verify it. */
  async licence(): Promise<{ licence: string; jwks: JSONWebKeySet }> {
    const [licence, jwks] = await Promise.all([
      this.text('/v1/device/licence', 'application/jose'),
      this.call<JSONWebKeySet>('GET', '/.well-known/jwks.json'),
    ]);
    return { licence, jwks };
  }

  /**
   * Opens the event stream. Resolves once the service has answered with the stream's headers;
   * the caller reads the body. `signal` ends this one stream without stopping the agent.
   */
  async openEvents(lastEventId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const headers: Record<string, string> = {
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
      ...this.authorization(),
    };
    // Lets the service replay what was sent while we were away, if it keeps a log.
    if (lastEventId !== '') headers['last-event-id'] = lastEventId;
    const signals = this.signal ? [signal, this.signal] : [signal];
    const res = await fetch(`${this.server}/v1/device/events`, { headers, signal: AbortSignal.any(signals) });
    if (!res.ok) throw await errorFrom(res);
    const type = res.headers.get('content-type') ?? '';
    if (!type.startsWith('text/event-stream') || !res.body) {
      await res.body?.cancel();
      throw new Error(`the server answered with ${type || 'no content type'} instead of an event stream`);
    }
    return res.body;
  }

  private authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  private async text(path: string, accept: string): Promise<string> {
    const res = await fetch(`${this.server}${path}`, {
      headers: { accept, ...this.authorization() },
      signal: this.signal,
    });
    if (!res.ok) throw await errorFrom(res);
    return res.text();
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.authorization() };
    // Every device POST takes JSON; an empty object keeps content negotiation simple for the server.
    if (method !== 'GET') headers['content-type'] = 'application/json';
    const res = await fetch(`${this.server}${path}`, {
      method,
      headers,
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
      signal: this.signal,
    });
    if (!res.ok) throw await errorFrom(res);
    return (await res.json()) as T;
  }
}

/** Turns an error answer into an ApiError, or a DisconnectedError for 401. */
async function errorFrom(res: Response): Promise<Error> {
  let problem: Problem | undefined;
  const text = await res.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as Partial<Problem>;
    if (parsed && typeof parsed === 'object' && typeof parsed.code === 'string') problem = parsed as Problem;
  } catch {
    // Not JSON: a proxy's error page, for example. The status line says enough.
  }
  const fallback = `the server answered ${res.status} ${res.statusText}`.trim();
  if (res.status === 401) return new DisconnectedError(problem?.detail || fallback, problem?.code);
  return new ApiError(res.status, problem, fallback);
}
