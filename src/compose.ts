import type { FastifyServerOptions } from 'fastify';
import { createAuth, migrateAuth } from './app/accounts.ts';
import type { Auth } from './app/accounts.ts';
import type { Deps, Settings } from './app/deps.ts';
import { DEFAULT_SETTINGS } from './app/deps.ts';
import type { Notifier } from './app/notifier.ts';
import { LocalNotifier } from './app/notifier.ts';
import type { Clock, Random } from './app/ports.ts';
import { systemClock, systemRandom } from './app/ports.ts';
import type { Config } from './config.ts';
import { buildServer } from './http/server.ts';
import { migrate, openStore } from './store/database.ts';

export interface ServiceOptions {
  clock?: Clock;
  random?: Random;
  notifier?: Notifier;
  settings?: Partial<Settings>;
  logger?: FastifyServerOptions['logger'];
  heartbeatMs?: number;
  webRoot?: string;
}

export type Service = Awaited<ReturnType<typeof createService>>;

/** Wires the store, the use cases' dependencies and the HTTP server; migrates the database. */
export async function createService(
  config: Pick<Config, 'databaseUrl' | 'publicUrl' | 'deliveryWindowMs' | 'authSecret' | 'operatorKey'>,
  options: ServiceOptions = {},
) {
  const store = openStore(config.databaseUrl);
  const auth: Auth = createAuth(store, { publicUrl: config.publicUrl, secret: config.authSecret });
  await migrateAuth(auth);
  await migrate(store.db);
  const deps: Deps = {
    db: store.db,
    store,
    clock: options.clock ?? systemClock,
    random: options.random ?? systemRandom,
    notifier: options.notifier ?? new LocalNotifier(),
    settings: {
      ...DEFAULT_SETTINGS,
      publicUrl: config.publicUrl,
      deliveryWindowMs: config.deliveryWindowMs,
      ...options.settings,
    },
  };
  const app = await buildServer({
    deps,
    auth,
    operatorKey: config.operatorKey,
    logger: options.logger,
    heartbeatMs: options.heartbeatMs,
    webRoot: options.webRoot,
  });
  return {
    app,
    deps,
    auth,
    store,
    /** Closes streams, waits for requests in flight, then closes the database. */
    async close(): Promise<void> {
      await app.close();
      await deps.notifier.close();
      await store.close();
    },
  };
}
