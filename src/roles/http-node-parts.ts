import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createRemoteProjections } from '../api/remote-projections';
import { createRedisRateLimiter } from '../api/redis-rate-limiter';
import { createMemoryRateLimiter, type RateLimiter } from '../api/rate-limiter';
import type { Config } from '../config/config';
import type { EventStore } from '../eventstore/types';
import { countedPublisher } from '../metrics/counted-publisher';
import { createMetrics, type Metrics } from '../metrics/metrics';
import { allProjections } from '../projections/all-projections';
import { createProjectionRunner, type ProjectionRunner } from '../projections/projection-runner';
import { createProjectionThread } from '../projections/projection-thread';
import type { ReadStore } from '../projections/read-store';
import { REALTIME_NAMESPACES } from '../realtime/publisher';
import { closeRedisClient, createRedisClient } from '../realtime/redis-clients';
import type { Realtime } from '../realtime/realtime-server';
import { createProjectionBoard } from './projection-board';

/** The Socket.IO channels' prefix in Redis, shared by the API processes' adapter and the projectors' emitter. */
export const socketIoKey = (config: Pick<Config, 'REDIS_KEY_PREFIX'>): string => `${config.REDIS_KEY_PREFIX}socket.io`;

/** Which of the processes serving HTTP this is: everything in one (`all`), or the API alone (`api`). */
export type HttpRole = 'all' | 'api';

export interface HttpNodeParts {
  /** `all`: the projections run here, on a thread of their own unless PROJECTION_THREAD=false. `api`: read from their checkpoints, which projectors advance. */
  projections: ProjectionRunner;
  /** In memory in one process; in Redis, shared by every API process, when REDIS_URL is set. */
  rateLimiter: RateLimiter;
  metrics: Metrics;
  /** Only `all` runs the scheduled jobs (when JOBS_ENABLED); a worker runs them otherwise. */
  runsJobs: boolean;
  close(): Promise<void>;
}

/** What differs between the `all` and `api` roles of a process that serves HTTP and Socket.IO. */
export function createHttpNodeParts(options: { config: Config; log: Logger; role: HttpRole; store: EventStore; readStore: ReadStore; realtime: Realtime }): HttpNodeParts {
  const { config, log, role, store, readStore, realtime } = options;
  const metrics = createMetrics({ role });
  const redis: Redis | undefined = config.REDIS_URL ? createRedisClient({ redisUrl: config.REDIS_URL, log, name: role }) : undefined;
  const publisher = countedPublisher(realtime.publisher, metrics);
  const projections =
    role === 'api'
      ? createRemoteProjections({ store, readStore, projections: allProjections, states: redis && createProjectionBoard({ redis, prefix: config.REDIS_KEY_PREFIX }).read })
      : config.PROJECTION_THREAD
        ? createProjectionThread({ config, store, readStore, publisher, log })
        : createProjectionRunner({ store, readStore, projections: allProjections, publisher, log });
  metrics.watchProjections(projections);
  metrics.watchSockets(() => Object.fromEntries(REALTIME_NAMESPACES.map((ns) => [ns, realtime.io.of(ns).sockets.size])));
  return {
    projections,
    rateLimiter: redis ? createRedisRateLimiter({ redis, prefix: `${config.REDIS_KEY_PREFIX}rl:`, log }) : createMemoryRateLimiter(),
    metrics,
    runsJobs: role === 'all' && config.JOBS_ENABLED,
    async close() {
      if (redis) await closeRedisClient(redis);
    },
  };
}
