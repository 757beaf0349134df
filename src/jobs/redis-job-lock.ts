import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { closeRedisClient } from '../realtime/redis-clients';
import type { JobLock, LockOutcome, LockRequest } from './job-lock';

// One round trip, atomic: the slot's claim is checked and the job's lock taken together, so two
// processes racing for the same slot cannot both pass.
const ACQUIRE = `
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then return 'slot-taken' end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'held' end
if KEYS[2] then redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3]) end
return 'acquired'`;

// Renew and release only what is still ours: after an expiry someone else may hold the key.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export interface RedisJobLockOptions {
  redis: Redis;
  /** Namespaces the keys (`pos:jobs:` by default), e.g. per environment sharing one Redis. */
  prefix?: string;
  /** Close the client with the lock (when the lock created it). */
  ownsClient?: boolean;
}

/** The lock for several processes: SET NX PX with a random token, renewed and released by Lua scripts. */
export function createRedisJobLock(options: RedisJobLockOptions): JobLock {
  const { redis } = options;
  const prefix = options.prefix ?? 'pos:jobs:';

  return {
    async acquire(request: LockRequest): Promise<LockOutcome> {
      const jobKey = `${prefix}lock:${request.job}`;
      const keys = request.slot ? [jobKey, `${prefix}slot:${request.job}:${request.slot.at.toISOString()}`] : [jobKey];
      const token = randomUUID();
      const answer = await redis.eval(ACQUIRE, keys.length, ...keys, token, request.ttlMs, Math.max(1, Math.round(request.slot?.holdMs ?? 1)));
      if (answer === 'held' || answer === 'slot-taken') return { acquired: false, reason: answer };
      return {
        acquired: true,
        lease: {
          async renew() {
            return (await redis.eval(RENEW, 1, jobKey, token, request.ttlMs)) === 1;
          },
          async release() {
            await redis.eval(RELEASE, 1, jobKey, token);
          },
        },
      };
    },
    async close() {
      if (options.ownsClient) await closeRedisClient(redis);
    },
  };
}
