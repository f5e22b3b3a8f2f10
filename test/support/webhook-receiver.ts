import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  /** The body as the standardwebhooks package verified it. */
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A webhook receiver on 127.0.0.1, as a vendor would write one: every request is verified with
 * the `standardwebhooks` package (an implementation no one here wrote) against the secrets it
 * is given; one that does not verify is answered 400 and recorded in `rejected`. `respond`
 * decides the answer (a status, after an optional delay, or `hang` for none at all).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  readonly rejected: { body: string; error: string }[] = [];
  secrets: string[] = [];
  respond: (r: Received, n: number) => { status: number; delayMs?: number; location?: string } | 'hang' =
    () => ({
      status: 204,
    });
  readonly #server: http.Server;
  readonly #hanging = new Set<http.ServerResponse>();
  hits = 0;

  private constructor(server: http.Server) {
    this.#server = server;
  }

  static async start(): Promise<WebhookReceiver> {
    const server = http.createServer();
    const receiver = new WebhookReceiver(server);
    server.on('request', (req, res) => void receiver.#handle(req, res));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hooks`;
  }

  /** The messages of these types, in the order they arrived. */
  ofTypes(...types: string[]): Received[] {
    return this.received.filter((r) => types.includes(r.payload.type));
  }

  async #handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.hits++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    };
    let payload: Received['payload'] | undefined;
    const errors: string[] = [];
    for (const secret of this.secrets) {
      try {
        payload = new Webhook(secret).verify(body, headers) as Received['payload'];
        break;
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    if (!payload) {
      this.rejected.push({ body, error: errors.join('; ') || 'no secret' });
      res.statusCode = 400;
      res.end();
      return;
    }
    const r: Received = {
      id: headers['webhook-id'],
      timestamp: headers['webhook-timestamp'],
      signature: headers['webhook-signature'],
      body,
      payload,
    };
    this.received.push(r);
    const answer = this.respond(r, this.received.length);
    if (answer === 'hang') {
      this.#hanging.add(res);
      return;
    }
    if (answer.delayMs) await new Promise((ok) => setTimeout(ok, answer.delayMs));
    res.statusCode = answer.status;
    if (answer.location) res.setHeader('location', answer.location);
    res.end('ok');
  }

  async close(): Promise<void> {
    for (const res of this.#hanging) res.destroy();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }
}

/** Verifies one received message with one secret (throws if it does not verify). */
export function verifyWith(secret: string, r: Received): unknown {
  return new Webhook(secret).verify(r.body, {
    'webhook-id': r.id,
    'webhook-timestamp': r.timestamp,
    'webhook-signature': r.signature,
  });
}
