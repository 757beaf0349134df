import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from './api/app';
import { createMemoryRateLimiter } from './api/rate-limiter';
import { createAccessTokens } from './auth/access-tokens';
import type { Config } from './config/config';
import { resolveJwtSecret } from './config/jwt-secret';
import { createEsdbEventStore } from './eventstore/esdb-event-store';
import { createSqliteEventStore } from './eventstore/sqlite-event-store';
import type { EventStore } from './eventstore/types';

export interface RunningServer {
  port: number;
  store: EventStore;
  /** Stops taking requests, lets those in flight finish, then closes the stores. */
  close(): Promise<void>;
}

function createEventStore(config: Config, log: Logger): EventStore {
  if (config.EVENTSTORE_URL) {
    log.info('event store: EventStoreDB');
    return createEsdbEventStore({ connectionString: config.EVENTSTORE_URL, logger: log });
  }
  const file = join(config.DATA_DIR, 'pos.sqlite');
  log.info({ file }, 'event store: embedded SQLite');
  return createSqliteEventStore({ file });
}

/** The composition root of the `all` role: builds the adapters and serves the API. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = createEventStore(config, log);
  const app = createApp({
    store,
    accessTokens: createAccessTokens({ secret: resolveJwtSecret(config.JWT_SECRET, config.DATA_DIR, log), ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS }),
    refreshTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    rateLimiter: createMemoryRateLimiter(),
    rateLimits: {
      loginPerAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      loginPerIp: config.LOGIN_RATE_LIMIT_PER_IP,
      signupPerIp: config.SIGNUP_RATE_LIMIT_PER_IP,
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    log,
    trustProxy: config.TRUST_PROXY,
  });
  const server = app.listen(config.PORT, config.HOST);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'listening');

  let closing: Promise<void> | undefined;
  return {
    port,
    store,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Keep-alive connections go idle as their last response ends; close them as they do.
        const sweeper = setInterval(() => server.closeIdleConnections(), 50);
        const deadline = setTimeout(() => server.closeAllConnections(), config.SHUTDOWN_TIMEOUT_MS);
        server.closeIdleConnections();
        await closed;
        clearInterval(sweeper);
        clearTimeout(deadline);
        await store.close();
      })();
      return closing;
    },
  };
}
