import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { createRedisClient } from '../realtime/redis-clients';
import type { RetryPolicy } from './backoff';
import type { Job } from './job';
import type { JobLock } from './job-lock';
import { createMemoryJobLock } from './memory-job-lock';
import { createRedisJobLock } from './redis-job-lock';
import { createJobScheduler, type JobScheduler } from './scheduler';

/** One process: an in-process lock. Several (REDIS_URL set): a Redis lock they all share. */
export function createJobLock(config: Pick<Config, 'REDIS_URL'> & Partial<Pick<Config, 'REDIS_KEY_PREFIX'>>, log: Logger): JobLock {
  if (!config.REDIS_URL) return createMemoryJobLock();
  const prefix = config.REDIS_KEY_PREFIX === undefined ? undefined : `${config.REDIS_KEY_PREFIX}jobs:`;
  return createRedisJobLock({ redis: createRedisClient({ redisUrl: config.REDIS_URL, log, name: 'job-lock' }), prefix, ownsClient: true });
}

export interface Jobs extends JobScheduler {
  /** Stops the scheduler, then closes the lock's connection. */
  close(): Promise<void>;
}

/** The scheduler over `jobs` with the lock the config calls for (not started: call start()). */
export function createJobs(options: { config: Pick<Config, 'REDIS_URL' | 'JOBS_TIMEZONE'> & Partial<Pick<Config, 'REDIS_KEY_PREFIX'>>; jobs: readonly Job[]; log: Logger; retry?: RetryPolicy }): Jobs {
  const lock = createJobLock(options.config, options.log);
  const scheduler = createJobScheduler({ jobs: options.jobs, lock, log: options.log, timezone: options.config.JOBS_TIMEZONE, retry: options.retry });
  return {
    ...scheduler,
    async close() {
      await scheduler.stop();
      await lock.close();
    },
  };
}
