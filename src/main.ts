import { loadConfig, ConfigError } from './config.ts';
import { createService } from './compose.ts';
import { seedDemo } from './app/demo/demo.ts';
import { startDemoFleet } from './demo-fleet.ts';
import { isPostgresUrl } from './store/database.ts';
import { runPrimary, workerCount } from './workers.ts';
import cluster from 'node:cluster';

/** `npm start`: validate the environment, migrate, seed the demo on first start, listen, and stop cleanly. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  // SEATPOST_WORKERS=N on PostgreSQL: this process forks N servers that share the port (node:cluster).
  const workers = workerCount(config.workers, isPostgresUrl(config.databaseUrl));
  if (workers > 1 && cluster.isPrimary) return runPrimary(config, workers);
  const isWorker = cluster.isWorker;
  const service = await createService(config, {
    jobs: true,
    connections: { perClient: config.maxConnectionsPerClient, requestMs: config.requestTimeoutMs },
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  const log = service.app.log;
  const demo =
    config.demo && !isWorker
      ? await seedDemo(service.deps, service.auth, { publicUrl: config.publicUrl, dataDir: config.dataDir })
      : null;
  await service.app.listen({ port: config.port, host: config.host });
  if (isWorker) process.send?.({ seatpost: 'listening' });

  const lines = [
    '',
    `Seatpost is listening on ${config.publicUrl}  (bound to ${config.host}:${config.port})`,
    `Database: ${service.store.dialect} ${service.store.describe}`,
    `Operator key: ${config.operatorKey}${config.operatorKeyGenerated ? '  (generated; set SEATPOST_OPERATOR_KEY to choose one)' : ''}`,
  ];
  let stopFleet = async () => {};
  if (demo) {
    lines.push(`Demo account: ${demo.email}  password: ${demo.password}`);
    lines.push(`Demo devices: ${demo.devices.map((d) => d.name).join(', ')}`);
    if (demo.office)
      lines.push(
        `Demo office: ${demo.office.name}, run by the demo account (open Console): ${demo.office.devices.map((d) => d.name).join(', ')}`,
      );
    if (process.env.SEATPOST_DEMO_DEVICES === '0') {
      lines.push(`Play a demo device yourself: npm run agent -- --state ${demo.devices[0]?.stateFile ?? ''}`);
    } else {
      stopFleet = startDemoFleet(
        `http://127.0.0.1:${config.port}`,
        [...demo.devices, ...(demo.office?.devices ?? [])],
        (line) => log.info({ demoDevice: true }, line),
      );
      lines.push('The demo devices run inside this process and complete what you send them.');
      lines.push(
        '(SEATPOST_DEMO_DEVICES=0 turns that off, so that you can play one with `npm run agent -- --state …`.)',
      );
    }
  }
  if (!isWorker) console.log(lines.join('\n') + '\n');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: closing streams, finishing requests in flight');
    const force = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    stopFleet()
      .then(() => service.close())
      .then(
        () => process.exit(0),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

await main();
