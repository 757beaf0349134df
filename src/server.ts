import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from './api/app';
import { expressBornRequests } from './api/express-born-requests';
import { createAccessTokens } from './auth/access-tokens';
import { ReceiptNumbers } from './commands/receipt-numbers';
import type { Config } from './config/config';
import { resolveJwtSecret } from './config/jwt-secret';
import { allJobs } from './jobs/all-jobs';
import { createJobs, type Jobs } from './jobs/start-jobs';
import type { EventStore } from './eventstore/types';
import { createExportJobs } from './exports/export-jobs';
import type { ProjectionRunner } from './projections/projection-runner';
import type { ReadStore } from './projections/read-store';
import { attachRealtime } from './realtime/realtime-server';
import { createHttpNodeParts, socketIoKey } from './roles/http-node-parts';
import { createStores } from './stores';

export interface RunningServer {
  port: number;
  store: EventStore;
  readStore: ReadStore;
  /** The projections as the routes see them (on their thread, in-process, or the api role's view). */
  projections: ProjectionRunner;
  /** The Express application serving the API (tests walk its router stack). */
  app: RequestListener;
  /** The scheduled jobs of this process (when JOBS_ENABLED): run one now, read their last runs. */
  jobs?: Jobs;
  /** Stops taking requests, lets those in flight finish, then stops projections and closes the stores. */
  close(): Promise<void>;
}

function closeHttp(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // Keep-alive connections go idle as their last response ends; close them as they do.
  const sweeper = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
  server.closeIdleConnections();
  return closed.finally(() => {
    clearInterval(sweeper);
    clearTimeout(deadline);
  });
}

/**
 * The composition root of the processes that serve HTTP: the `all` role builds the adapters,
 * serves the API and Socket.IO and runs the projections (and jobs); the `api` role (POS_ROLE=api)
 * serves alone and reads the projections' checkpoints (src/roles/http-node-parts.ts).
 */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const stores = createStores(config, log, { appends: true });
  const { store, readStore } = stores;
  const accessTokens = createAccessTokens({ secret: resolveJwtSecret(config.JWT_SECRET, config.DATA_DIR, log), ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS });
  // The HTTP server exists first, so Socket.IO can share it and carry the projections' pushes.
  // Its request listener is in place before Socket.IO attaches: Socket.IO then answers its own
  // paths (long-polling included) and hands every other request to the app.
  let app: RequestListener | undefined;
  const born = expressBornRequests();
  const server = createServer(born.options, (req, res) => app!(req, res));
  const realtime = await attachRealtime({ httpServer: server, accessTokens, redisUrl: config.REDIS_URL, redisKey: socketIoKey(config), corsOrigins: config.CORS_ORIGINS, log });
  const parts = createHttpNodeParts({ config, log, role: config.POS_ROLE === 'api' ? 'api' : 'all', store, readStore, realtime });
  const { projections } = parts;
  const exportJobs = createExportJobs({ dir: join(config.DATA_DIR, 'exports'), readStore, concurrency: config.EXPORT_JOB_CONCURRENCY, log });
  const jobs = parts.runsJobs ? createJobs({ config, jobs: allJobs({ config, store, readStore, eventDb: stores.eventDb, log }), log }) : undefined;
  const express = createApp({
    store,
    receipts: new ReceiptNumbers(store),
    readStore,
    projections,
    accessTokens,
    refreshTtlMs: config.REFRESH_TOKEN_TTL_DAYS * 86_400_000,
    rateLimiter: parts.rateLimiter,
    rateLimits: {
      loginPerAccount: config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      loginPerIp: config.LOGIN_RATE_LIMIT_PER_IP,
      signupPerIp: config.SIGNUP_RATE_LIMIT_PER_IP,
      windowMs: config.RATE_LIMIT_WINDOW_SECONDS * 1000,
    },
    log,
    trustProxy: config.TRUST_PROXY,
    corsOrigins: config.CORS_ORIGINS,
    jobs,
    exportJobs,
    metrics: parts.metrics,
  });
  born.adopt(express);
  app = express;
  if (jobs) parts.metrics.watchJobs(jobs);
  await projections.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  log.info({ port }, 'listening');
  jobs?.start();

  let closing: Promise<void> | undefined;
  return {
    port,
    store,
    readStore,
    projections,
    app,
    jobs,
    close() {
      closing ??= (async () => {
        // Jobs stop first among the users of the stores: a backup in progress ends at its next step.
        await Promise.all([closeHttp(server, config.SHUTDOWN_TIMEOUT_MS), realtime.close(), jobs?.close(), exportJobs.close()]);
        await projections.stop();
        await parts.close();
        await stores.close();
      })();
      return closing;
    },
  };
}
