import { Redis } from 'ioredis';
import pino from 'pino';
import { createRedisRateLimiter } from '../../src/api/redis-rate-limiter';
import { uniquePrefix } from './role-processes';

const REDIS_URL = 'redis://127.0.0.1:6379';
const log = pino({ level: 'silent' });
const clients: Redis[] = [];
const connect = () => {
  const redis = new Redis(REDIS_URL);
  clients.push(redis);
  return redis;
};
afterAll(async () => {
  await Promise.all(clients.map((c) => c.quit().catch(() => undefined)));
  for (const c of clients) c.disconnect();
});

describe('the Redis rate limiter', () => {
  it('two processes (two connections) count one window together', async () => {
    const prefix = uniquePrefix('rl');
    const a = createRedisRateLimiter({ redis: connect(), prefix, log });
    const b = createRedisRateLimiter({ redis: connect(), prefix, log });
    const answers = [];
    for (const limiter of [a, b, a, b, a]) answers.push(await limiter.hit('login:x', 4, 60_000));
    expect(answers.map((r) => r.allowed)).toEqual([true, true, true, true, false]);
    expect(answers[4]!.retryAfterSeconds).toBeGreaterThan(55);
    expect(answers[4]!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Another key has a window of its own.
    expect((await b.hit('login:y', 4, 60_000)).allowed).toBe(true);
  });

  it('a window ends by itself (its key expires) and counting starts again', async () => {
    const prefix = uniquePrefix('rl');
    const redis = connect();
    const limiter = createRedisRateLimiter({ redis, prefix, log });
    expect((await limiter.hit('k', 1, 300)).allowed).toBe(true);
    expect((await limiter.hit('k', 1, 300)).allowed).toBe(false);
    const ttl = await redis.pttl(`${prefix}k`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await redis.exists(`${prefix}k`)).toBe(0);
    expect((await limiter.hit('k', 1, 300)).allowed).toBe(true);
  });

  it('concurrent hits from many callers are all counted (the script is atomic)', async () => {
    const prefix = uniquePrefix('rl');
    const limiters = [connect(), connect(), connect()].map((redis) => createRedisRateLimiter({ redis, prefix, log }));
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => limiters[i % 3]!.hit('burst', 25, 60_000)));
    expect(answers.filter((r) => r.allowed)).toHaveLength(25);
    expect(await connect().get(`${prefix}burst`)).toBe('60');
  });

  it('while Redis does not answer, limits are counted in this process instead of being lifted', async () => {
    // Nothing listens on port 1: every command fails or times out.
    const down = new Redis('redis://127.0.0.1:1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    down.on('error', () => undefined);
    clients.push(down);
    const limiter = createRedisRateLimiter({ redis: down, prefix: uniquePrefix('rl'), log, timeoutMs: 200 });
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await limiter.hit('k', 2, 60_000));
    expect(answers.map((r) => r.allowed)).toEqual([true, true, false]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
