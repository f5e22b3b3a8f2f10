import { loadConfig, ConfigError } from './config.ts';
import { createService } from './compose.ts';
import { seedDemo } from './app/demo.ts';

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
  const service = await createService(config, {
    logger: {
      level: config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  const log = service.app.log;
  const demo = config.demo
    ? await seedDemo(service.deps, service.auth, { publicUrl: config.publicUrl, dataDir: config.dataDir })
    : null;
  await service.app.listen({ port: config.port, host: config.host });

  const lines = [
    '',
    `Seatpost is listening on ${config.publicUrl}  (bound to ${config.host}:${config.port})`,
    `Database: ${service.store.dialect} ${service.store.describe}`,
    `Operator key: ${config.operatorKey}${config.operatorKeyGenerated ? '  (generated; set SEATPOST_OPERATOR_KEY to choose one)' : ''}`,
  ];
  if (demo) {
    lines.push(`Demo account: ${demo.email}  password: ${demo.password}`);
    lines.push(`Demo devices: ${demo.devices.map((d) => d.name).join(', ')}`);
    lines.push(`Run a demo device app: npm run agent -- --state ${demo.devices[0]?.stateFile ?? ''}`);
  }
  console.log(lines.join('\n') + '\n');

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
    service.close().then(
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
