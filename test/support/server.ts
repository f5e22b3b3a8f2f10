import { randomBytes } from 'node:crypto';
import type { FastifyServerOptions } from 'fastify';
import type { Settings } from '../../src/app/shared/deps.ts';
import { ManualClock } from '../../src/app/shared/ports.ts';
import type { Clock } from '../../src/app/shared/ports.ts';
import type { Service, ServiceOptions } from '../../src/compose.ts';
import { createService } from '../../src/compose.ts';
import { Client } from './http.ts';
import { freshDatabase } from './databases.ts';
import { freePort } from './process.ts';

export { DIALECT } from './databases.ts';
export { ManualClock };

export interface StartOptions {
  /** A clock the test moves; the real clock by default. */
  clock?: Clock;
  settings?: Partial<Settings>;
  deliveryWindowMs?: number;
  heartbeatMs?: number;
  webRoot?: string;
  /** Reuse an existing database (e.g. after a restart); a fresh one by default. */
  databaseUrl?: string;
  logger?: FastifyServerOptions['logger'];
  /** Send queued mail to this SMTP server (with `jobs`, a worker does it every `mailPollMs`). */
  smtpUrl?: string;
  /** Run the background jobs (the mail outbox, expiry), as `npm start` does. */
  jobs?: boolean;
  mailPollMs?: number;
  /** The operator key and auth secret: give a second node the first one's, so that keys and sessions work on both. */
  secrets?: { operatorKey: string; authSecret: string };
  /** The origin the service believes it is reached at (given its port); its own address by default. */
  publicUrl?: string | ((port: number) => string);
  /** Timeouts and per-client connection limits, for the flood tests. */
  connections?: ServiceOptions['connections'];
}

let counter = 0;

export type IssueInput = Partial<{
  kind: string;
  renewal: string;
  unit: string;
  seats: number;
  expiresAt: string;
  startsAt: string;
  ownerEmail: string;
}> & { product: string };

export interface Customer {
  id: string;
  email: string;
  password: string;
  api: Client;
}

export interface TestDevice {
  deviceId: string;
  token: string;
  api: Client;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/**
 * A real Seatpost server on a real database (SQLite, or PostgreSQL when
 * SEATPOST_TEST_DATABASE_URL is set), listening on a free port, with builders for the things
 * tests need: products, subscriptions, customers, connected devices.
 */
export async function startTestServer(options: StartOptions = {}) {
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => {} } : await freshDatabase();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const operatorKey = options.secrets?.operatorKey ?? randomBytes(18).toString('base64url');
  const config = {
    databaseUrl: db.url,
    publicUrl: typeof options.publicUrl === 'function' ? options.publicUrl(port) : (options.publicUrl ?? url),
    deliveryWindowMs: options.deliveryWindowMs ?? 24 * 3_600_000,
    authSecret: options.secrets?.authSecret ?? randomBytes(32).toString('base64url'),
    operatorKey,
  };
  const service: Service = await createService(config, {
    clock: options.clock,
    settings: options.settings,
    heartbeatMs: options.heartbeatMs,
    webRoot: options.webRoot,
    connections: options.connections,
    logger: options.logger ?? false,
    smtpUrl: options.smtpUrl,
    jobs: options.jobs,
    mailPollMs: options.mailPollMs,
  });
  await service.app.listen({ port, host: '127.0.0.1' });

  const operator = new Client(url, { authorization: `Bearer ${operatorKey}` });
  const anonymous = () => new Client(url, { origin: url });

  const ctx = {
    url,
    port,
    operatorKey,
    secrets: { operatorKey, authSecret: config.authSecret },
    service,
    databaseUrl: db.url,
    clock: options.clock,
    operator,
    anonymous,

    async createProduct(
      p: Partial<{
        id: string;
        name: string;
        app: string;
        appVersions: string;
        regions: string[];
        business: boolean;
        perUserService: boolean;
      }> = {},
    ) {
      const id = p.id ?? `product-${++counter}-${randomBytes(3).toString('hex')}`;
      const body = {
        id,
        name: p.name ?? `Product ${id}`,
        app: p.app ?? 'seatpost-security',
        appVersions: p.appVersions ?? '>=21.0.0 <23',
        regions: p.regions ?? [],
        business: p.business ?? false,
        perUserService: p.perUserService ?? false,
      };
      const r = await operator.post('/v1/operator/products', body);
      if (r.status !== 201) throw new Error(`createProduct: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as typeof body;
    },

    async issueSubscription(s: IssueInput) {
      const now = (options.clock ?? { now: () => new Date() }).now();
      const body = {
        kind: 'paid',
        renewal: 'auto',
        unit: 'device',
        seats: 3,
        expiresAt: new Date(now.getTime() + 365 * 86_400_000).toISOString(),
        ...s,
      };
      const r = await operator.post('/v1/operator/subscriptions', body);
      if (r.status !== 201) throw new Error(`issueSubscription: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as { id: string; activationCode: string; [k: string]: unknown };
    },

    /**
     * A signed-in customer. Signs up (202, no session), proves the address with the link from the
     * verification email (unless `verified: false`), then signs in.
     */
    async newCustomer(
      c: Partial<{
        country: string;
        language: string;
        name: string;
        verified: boolean;
        password: string;
      }> = {},
    ): Promise<Customer> {
      const api = anonymous();
      const email = `customer${++counter}-${randomBytes(3).toString('hex')}@example.com`;
      const password = c.password ?? 'correct horse battery';
      const r = await api.post('/v1/auth/sign-up', {
        email,
        password,
        name: c.name ?? 'Test Customer',
        country: c.country ?? 'DK',
        language: c.language ?? 'en',
      });
      if (r.status !== 202) throw new Error(`sign-up: ${r.status} ${JSON.stringify(r.body)}`);
      if (c.verified !== false) {
        await ctx.verifyAddress(email);
        // The welcome mail is read: it leaves the outbox, so tests that count mail count their own.
        await service.store.db.deleteFrom('mail_outbox').where('to_address', '=', email).execute();
      }
      const signedIn = await api.post('/v1/auth/sign-in', { email, password });
      if (signedIn.status !== 200)
        throw new Error(`sign-in: ${signedIn.status} ${JSON.stringify(signedIn.body)}`);
      return { id: signedIn.body.id, email, password, api };
    },

    /** The newest link of `kind` mailed to `email` (from the outbox), e.g. `verify-email` or `reset-password`. */
    async mailedLink(email: string, kind: 'verify-email' | 'reset-password'): Promise<string> {
      const rows = await service.store.db
        .selectFrom('mail_outbox')
        .select(['text_body'])
        .where('to_address', '=', email.toLowerCase())
        .orderBy('created_at')
        .execute();
      const pattern = new RegExp(`^\\S+/${kind}\\?token=\\S+$`, 'm');
      const links = rows.map((m) => pattern.exec(m.text_body)?.[0]).filter((l): l is string => !!l);
      if (links.length === 0) throw new Error(`no ${kind} link mailed to ${email}`);
      return links.at(-1)!;
    },

    /** Proves the address as its owner would: the verification email's link, through its API call. */
    async verifyAddress(email: string): Promise<void> {
      const token = new URL(await ctx.mailedLink(email, 'verify-email')).searchParams.get('token');
      const v = await anonymous().post('/v1/auth/verify-email', { token });
      if (v.status !== 200) throw new Error(`verify-email: ${v.status} ${JSON.stringify(v.body)}`);
    },

    /** A subscription issued and added to the customer's account. */
    async subscriptionFor(
      customer: Customer,
      s: IssueInput,
    ): Promise<{ id: string; activationCode: string; [k: string]: unknown }> {
      const issued = await ctx.issueSubscription(s);
      const r = await customer.api.post('/v1/me/subscriptions', { activationCode: issued.activationCode });
      if (r.status !== 201) throw new Error(`add subscription: ${r.status} ${JSON.stringify(r.body)}`);
      return issued;
    },

    async connectCode(customer: Customer): Promise<string> {
      const r = await customer.api.post('/v1/me/connect-codes');
      if (r.status !== 201) throw new Error(`connect code: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.code as string;
    },

    async newDevice(
      customer: Customer,
      d: Partial<{
        name: string;
        platform: string;
        region: string;
        apps: { app: string; version: string }[];
      }> = {},
    ): Promise<TestDevice> {
      const code = await ctx.connectCode(customer);
      const r = await anonymous().post('/v1/device/connect', {
        code,
        name: d.name ?? `Device ${++counter}`,
        platform: d.platform ?? 'windows',
        ...(d.region ? { region: d.region } : {}),
        apps: d.apps ?? [{ app: 'seatpost-security', version: '22.1.0' }],
      });
      if (r.status !== 201) throw new Error(`connect: ${r.status} ${JSON.stringify(r.body)}`);
      return {
        deviceId: r.body.deviceId,
        token: r.body.token,
        api: new Client(url, { authorization: `Bearer ${r.body.token}` }),
      };
    },

    async send(
      customer: Customer,
      subscriptionId: string,
      deviceIds: string[],
      headers?: Record<string, string>,
    ) {
      return customer.api.post(`/v1/me/subscriptions/${subscriptionId}/deliveries`, { deviceIds }, headers);
    },

    async close(): Promise<void> {
      await service.close();
      await db.drop();
    },

    /** Stops the server but keeps its database, for restart tests. */
    async stop(): Promise<void> {
      await service.close();
    },
  };
  return ctx;
}
