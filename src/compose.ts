import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import { createAuth, migrateAuth } from './app/accounts/accounts.ts';
import type { Auth } from './app/accounts/accounts.ts';
import { accountEvents } from './app/accounts/account-events.ts';
import type { Deps, Settings } from './app/shared/deps.ts';
import { DEFAULT_SETTINGS } from './app/shared/deps.ts';
import type { Notifier } from './app/shared/notifier.ts';
import { LocalNotifier, WEBHOOKS_TOPIC } from './app/shared/notifier.ts';
import { expireOverdueDeliveries } from './app/sending/expiry.ts';
import { startDueReserves } from './app/sending/reserves.ts';
import { Jobs } from './app/shared/jobs.ts';
import { readiness } from './app/shared/health.ts';
import { deliverDueMail, mailboxTransport, outboxMailPort, smtpTransport } from './app/shared/mail.ts';
import { DeviceLookup } from './app/devices/device-lookup.ts';
import { LastSeenWriter } from './app/devices/last-seen.ts';
import { sweepSilentDevices } from './app/devices/silent-devices.ts';
import { deriveWebhookKey } from './app/webhooks/secrets.ts';
import { WEBHOOK_BATCH, deliverDueWebhooks } from './app/webhooks/sender.ts';
import { LicenceKeySealer } from './app/licences/key-sealer.ts';
import type { Clock, Random } from './app/shared/ports.ts';
import { systemClock, systemRandom } from './app/shared/ports.ts';
import type { Config } from './config.ts';
import { buildServer } from './http/server.ts';
import type { ServerOptions } from './http/server.ts';
import { migrate, openStore } from './store/database.ts';
import { PgNotifier } from './store/pg-notifier.ts';
import { defaultInstallersDir, localInstallerFiles } from './store/installer-files.ts';

export interface ServiceOptions {
  clock?: Clock;
  random?: Random;
  notifier?: Notifier;
  settings?: Partial<Settings>;
  logger?: FastifyServerOptions['logger'];
  heartbeatMs?: number;
  webRoot?: string;
  connections?: ServerOptions['connections'];
  /** Run the background jobs (expiry) on this node; `npm start` does, tests call them when they need. */
  jobs?: boolean;
  /** Where queued mail goes: SMTP (SMTP_URL) or, without it, the local mailbox. */
  smtpUrl?: string;
  mailFrom?: string;
  /** How often this node looks for due mail (with `jobs`); tests make it short. */
  mailPollMs?: number;
}

export type Service = Awaited<ReturnType<typeof createService>>;

/** Wires the store, the use cases' dependencies and the HTTP server; migrates the database. */
export async function createService(
  config: Pick<Config, 'databaseUrl' | 'publicUrl' | 'deliveryWindowMs' | 'authSecret' | 'operatorKey'> &
    Partial<
      Pick<
        Config,
        | 'lastSeenResolutionMs'
        | 'installersDir'
        | 'downloadLinkTtlMs'
        | 'licenceTtlMs'
        | 'operatorEmail'
        | 'webhookAllowPrivate'
        | 'silentDeviceWarningMs'
        | 'supportContact'
      >
    >,
  options: ServiceOptions = {},
) {
  const store = openStore(config.databaseUrl);
  // Many nodes share PostgreSQL: LISTEN/NOTIFY carries "something changed" between them.
  const logged: { to?: FastifyBaseLogger } = {};
  const notifier =
    options.notifier ??
    (store.dialect === 'postgres'
      ? new PgNotifier({
          url: config.databaseUrl,
          db: store.db,
          local: new LocalNotifier(),
          log: (level, msg, err) => logged.to?.[level]({ err }, msg),
        })
      : new LocalNotifier());
  const auth: Auth = createAuth(store, {
    publicUrl: config.publicUrl,
    secret: config.authSecret,
    notifier,
    // Its callbacks (emails, a proven address) run on requests, once `deps` below exists.
    events: accountEvents(() => deps),
  });
  await migrateAuth(auth);
  await migrate(store.db);
  if (notifier instanceof PgNotifier) await notifier.start();
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const settings: Settings = Object.freeze({
    ...DEFAULT_SETTINGS,
    publicUrl: config.publicUrl,
    deliveryWindowMs: config.deliveryWindowMs,
    localMailbox: !options.smtpUrl,
    ...(config.lastSeenResolutionMs ? { lastSeenResolutionMs: config.lastSeenResolutionMs } : {}),
    ...(config.downloadLinkTtlMs ? { downloadLinkTtlMs: config.downloadLinkTtlMs } : {}),
    ...(config.licenceTtlMs ? { licenceTtlMs: config.licenceTtlMs } : {}),
    ...(config.operatorEmail ? { operatorEmail: config.operatorEmail } : {}),
    ...(config.webhookAllowPrivate ? { webhookAllowPrivate: true } : {}),
    ...(config.silentDeviceWarningMs ? { silentDeviceWarningMs: config.silentDeviceWarningMs } : {}),
    ...(config.supportContact ? { supportContact: config.supportContact } : {}),
    ...options.settings,
  });
  const deps: Deps = Object.freeze({
    db: store.db,
    store,
    clock,
    random,
    notifier,
    settings,
    mail: outboxMailPort({ clock, random, settings }),
    installerFiles: localInstallerFiles(config.installersDir ?? defaultInstallersDir(config.databaseUrl)),
    deviceLookup: new DeviceLookup(store.db, clock, store.watchDeviceTokens()),
    licenceKeys: new LicenceKeySealer(config.authSecret),
    lastSeen: new LastSeenWriter(store.db, 2_000, (err) =>
      logged.to?.warn({ err }, "could not write devices' last seen; retrying"),
    ),
    webhookKey: deriveWebhookKey(config.authSecret),
  });
  const app = await buildServer({
    deps,
    auth,
    operatorKey: config.operatorKey,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    webRoot: options.webRoot,
    connections: options.connections,
  });
  logged.to = app.log;
  // A database that answers but cannot write (read-only, disk full): the node still starts and
  // serves reads and /healthz, but says so and is not ready until writes work again.
  const atStart = await readiness(deps);
  if (!atStart.ready)
    app.log.warn(
      { code: atStart.code },
      `not ready: ${atStart.detail}; /readyz answers 503 until it can write`,
    );
  const jobs = new Jobs(app.log);
  const mailTransport = options.smtpUrl
    ? smtpTransport(
        options.smtpUrl,
        options.mailFrom ?? `Seatpost <no-reply@${new URL(config.publicUrl).hostname}>`,
      )
    : mailboxTransport;
  if (options.jobs)
    jobs.schedule('mail-outbox', options.mailPollMs ?? 2_000, () => deliverDueMail(deps, mailTransport));
  if (options.jobs) jobs.schedule('expire-deliveries', 30_000, () => expireOverdueDeliveries(deps));
  if (options.jobs) jobs.schedule('start-reserves', 30_000, () => startDueReserves(deps));
  // Warnings are days ahead of their ends: every few minutes is punctual enough.
  if (options.jobs) jobs.schedule('silent-devices', 5 * 60_000, () => sweepSilentDevices(deps));
  if (options.jobs) {
    jobs.schedule('webhooks', 1_000, async () => {
      // A full batch: more may wait. Go on at once rather than at the next tick.
      if ((await deliverDueWebhooks(deps, app.log)) >= WEBHOOK_BATCH) jobs.wake('webhooks');
    });
    deps.notifier.subscribe(WEBHOOKS_TOPIC, () => jobs.wake('webhooks'));
  }
  return {
    app,
    jobs,
    mailTransport,
    deps,
    auth,
    store,
    /** Closes streams, waits for requests in flight, then closes the database. */
    async close(): Promise<void> {
      await app.close();
      await jobs.stop();
      await deps.lastSeen.close();
      await deps.notifier.close();
      await store.close();
    },
  };
}
