import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A client that logs connection trouble (ioredis reconnects by itself) instead of throwing it. */
export function createRedisClient(options: { redisUrl: string; log: Logger; name: string; lazyConnect?: boolean }): Redis {
  const client = new Redis(options.redisUrl, { lazyConnect: options.lazyConnect ?? false });
  client.on('error', (error: Error) => options.log.warn({ err: error, redis: options.name }, 'redis connection error'));
  return client;
}

/**
 * The Socket.IO adapter and emitter call `publish` without handling its promise: while Redis is
 * down a push would become an unhandled rejection and stop the process. Pushes are best effort
 * (displays re-fetch on a gap), so a failed publish is logged and dropped.
 */
export function withDroppedPublishFailures(client: Redis, log: Logger): Redis {
  const publish = (channel: string | Buffer, message: string | Buffer): Promise<number> =>
    client.publish(channel, message).catch((error: unknown) => {
      log.warn({ err: error }, 'redis publish failed; realtime push dropped');
      return 0;
    });
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') return publish;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Sends what is still queued and closes; gives up waiting after `timeoutMs` (e.g. Redis unreachable). */
export async function closeRedisClient(client: Redis, timeoutMs = 2000): Promise<void> {
  if (client.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([client.quit().then(() => undefined, () => undefined), timedOut]);
  clearTimeout(timer);
  client.disconnect();
}
