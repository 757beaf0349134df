import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './logger';
import { roleArgument, startRole } from './roles/start-role';

async function main(): Promise<void> {
  let config;
  try {
    // `npm start -- --role api` wins over POS_ROLE.
    const role = roleArgument(process.argv.slice(2));
    config = loadConfig(role === undefined ? process.env : { ...process.env, POS_ROLE: role });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const base = createLogger(config.LOG_LEVEL);
  // With roles apart, every line says which role wrote it.
  const log = config.POS_ROLE === 'all' ? base : base.child({ role: config.POS_ROLE });
  const server = await startRole(config, log);

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down: finishing requests in flight');
    server.close().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
