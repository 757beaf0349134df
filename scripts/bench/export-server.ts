/**
 * The real server in a process of its own for the exports bench (so its RSS is the server's
 * alone): embedded SQLite under the DATA_DIR given as argument, every projection, logs silent,
 * scheduled jobs off. Sends `{ port }` to its parent once listening; stops when told or orphaned.
 */
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startServer } from '../../src/server';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir || !process.send) throw new Error('usage: forked with the data directory as argument');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(40), SIGNUP_RATE_LIMIT_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '1000', LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' });
  const server = await startServer(config, pino({ level: 'silent' }));
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('message', (message) => message === 'stop' && stop());
  process.on('disconnect', stop);
  process.send({ port: server.port });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
