import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import type { Publisher } from './publisher';
import { deliver } from './routing';

/**
 * Publishes through this process's Socket.IO server; with the Redis adapter installed, the
 * server forwards each push to the other API processes too.
 */
export function createSocketPublisher(options: { io: Server; log: Logger }): Publisher {
  let closed = false;
  return {
    publish(push) {
      if (!closed) deliver(options.io, push, options.log);
    },
    async close() {
      closed = true;
    },
  };
}
