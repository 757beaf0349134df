import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createMemoryRateLimiter, type RateLimiter } from './rate-limiter';

// One round trip, atomic: the window starts with its first hit and expires by itself, so keys
// never need sweeping. A key left without an expiry (it cannot happen through this script, but
// a hand-made one could) is given one rather than counting forever.
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

export interface RedisRateLimiterOptions {
  redis: Redis;
  /** Namespaces the keys, e.g. `pos:rl:`. */
  prefix: string;
  log: Logger;
  /** A hit that Redis does not answer within this long is counted in this process instead. */
  timeoutMs?: number;
}

/**
 * Fixed windows shared by every API process through Redis (INCR + PEXPIRE in one script), behind
 * the same interface as the in-memory limiter. While Redis does not answer, hits are counted in
 * memory in this process: the limits then hold per process instead of being lifted altogether.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RateLimiter {
  const { redis, prefix, log } = options;
  const timeoutMs = options.timeoutMs ?? 500;
  const fallback = createMemoryRateLimiter();
  let warned = 0;

  async function remoteHit(key: string, windowMs: number): Promise<[number, number]> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return (await Promise.race([redis.eval(HIT, 1, prefix + key, windowMs), timeout])) as [number, number];
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async hit(key, limit, windowMs) {
      try {
        const [count, ttlMs] = await remoteHit(key, Math.max(1, Math.round(windowMs)));
        return { allowed: count <= limit, retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)) };
      } catch (error) {
        // One warning a minute is enough to say the limits are per process for now.
        if (Date.now() - warned > 60_000) {
          warned = Date.now();
          log.warn({ err: error }, 'rate limiter: Redis unavailable; counting in this process meanwhile');
        }
        return fallback.hit(key, limit, windowMs);
      }
    },
  };
}
