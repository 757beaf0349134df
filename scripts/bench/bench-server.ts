import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startServer, type RunningServer } from '../../src/server';

/** The real server in this process: embedded SQLite under `dataDir`, all projections, logs silent, sign-up limits lifted. */
export async function startBenchServer(dataDir: string): Promise<{ server: RunningServer; baseUrl: string }> {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    JWT_SECRET: 'x'.repeat(40),
    SIGNUP_RATE_LIMIT_PER_IP: '1000',
    LOGIN_RATE_LIMIT_PER_IP: '1000',
    LOG_LEVEL: 'silent',
  });
  const server = await startServer(config, pino({ level: 'silent' }));
  return { server, baseUrl: `http://127.0.0.1:${server.port}` };
}
