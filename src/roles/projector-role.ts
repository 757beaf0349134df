import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { createRedisJobLock } from '../jobs/redis-job-lock';
import { countedPublisher } from '../metrics/counted-publisher';
import { createMetrics } from '../metrics/metrics';
import { closeRedisClient, createRedisClient } from '../realtime/redis-clients';
import { createRedisPublisher } from '../realtime/redis-publisher';
import { createStores } from '../stores';
import { socketIoKey } from './http-node-parts';
import { createLeasedProjections } from './leased-projections';
import { createProjectionBoard } from './projection-board';
import { selectProjections } from './projection-selection';
import type { RunningRole } from './running-role';
import { startStatusServer } from './status-server';

/**
 * The `projector` role: runs the projections named in PROJECTIONS (all by default) under one
 * Redis lease each, and publishes their pushes through Redis to the API processes' sockets.
 * Serves /health, /ready and /metrics only.
 */
export async function startProjector(config: Config, log: Logger): Promise<RunningRole> {
  const projections = selectProjections(config.PROJECTIONS);
  const redisUrl = config.REDIS_URL!;
  const stores = createStores(config, log);
  const metrics = createMetrics({ role: 'projector' });
  const redis = createRedisClient({ redisUrl, log, name: 'projector' });
  const publisher = countedPublisher(createRedisPublisher({ redisUrl, log, key: socketIoKey(config) }), metrics);
  const leased = createLeasedProjections({
    store: stores.store,
    readStore: stores.readStore,
    projections,
    publisher,
    lock: createRedisJobLock({ redis, prefix: `${config.REDIS_KEY_PREFIX}projector:` }),
    board: createProjectionBoard({ redis, prefix: config.REDIS_KEY_PREFIX }),
    ttlMs: config.PROJECTION_LEASE_TTL_MS,
    holder: `${hostname()}:${process.pid}`,
    log,
  });
  metrics.watchProjections(leased);
  await leased.start();
  const status = await startStatusServer({
    port: config.PORT,
    host: config.HOST,
    metrics,
    log,
    async ready() {
      await Promise.all([stores.store.ping(), stores.readStore.ping(), redis.ping()]);
      const statuses = await leased.status();
      return {
        ok: true,
        body: {
          status: statuses.some((p) => p.active && p.state === 'failed') ? 'degraded' : 'ready',
          role: 'projector',
          eventStore: { ok: true, headPosition: (await stores.store.headPosition()).toString() },
          readStore: { ok: true },
          projections: statuses,
        },
      };
    },
  });

  let closing: Promise<void> | undefined;
  return {
    port: status.port,
    close() {
      closing ??= (async () => {
        await status.close();
        await leased.stop();
        await publisher.close();
        await closeRedisClient(redis);
        await stores.close();
      })();
      return closing;
    },
  };
}
