import { Emitter } from '@socket.io/redis-emitter';
import type { Logger } from 'pino';
import type { Publisher } from './publisher';
import { closeRedisClient, createRedisClient, withDroppedPublishFailures } from './redis-clients';
import { deliver } from './routing';

/**
 * Publishes from a process without a Socket.IO server (a projector): the pushes go through Redis
 * to every API process running the Redis adapter, which deliver them to their sockets.
 */
export function createRedisPublisher(options: { redisUrl: string; log: Logger; /** Channel prefix, as the API processes' adapter has it. */ key?: string }): Publisher {
  const client = createRedisClient({ redisUrl: options.redisUrl, log: options.log, name: 'realtime-emitter' });
  const emitter = new Emitter(withDroppedPublishFailures(client, options.log), options.key ? { key: options.key } : {});
  let closed = false;
  return {
    publish(push) {
      if (!closed) deliver(emitter, push, options.log);
    },
    async close() {
      closed = true;
      await closeRedisClient(client);
    },
  };
}
