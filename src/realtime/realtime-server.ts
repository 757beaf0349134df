import type http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type DefaultEventsMap, Server } from 'socket.io';
import type { AccessTokens } from '../auth/access-tokens';
import { allowSocketOrigin } from './allowed-origins';
import { authenticateHandshake, type RealtimeSocket, type RealtimeSocketData } from './handshake-auth';
import { handleKitchenSubscribe } from './kitchen-subscribe';
import { type Publisher, REALTIME_NAMESPACES, type RealtimeNamespace } from './publisher';
import { closeRedisClient, createRedisClient, withDroppedPublishFailures } from './redis-clients';
import { allStationsRoom, tenantRoom } from './routing';
import { createSocketPublisher } from './socket-publisher';

export type RealtimeServer = Server<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;

export interface RealtimeOptions {
  httpServer: http.Server;
  accessTokens: AccessTokens;
  /** Set when several API processes share rooms through Redis. */
  redisUrl?: string;
  /** Prefix of the Redis channels (the same on every process of a deployment; `socket.io` by default). */
  redisKey?: string;
  /** Browser origins allowed besides this server's own pages (CORS_ORIGINS); none when absent. */
  corsOrigins?: readonly string[];
  log: Logger;
}

export interface Realtime {
  io: RealtimeServer;
  /** Publishes to this process's sockets (and, with Redis, to every other API process's). */
  publisher: Publisher;
  /** Disconnects every socket and closes the Redis clients; the HTTP server stays up. */
  close(): Promise<void>;
}

interface AdapterClients {
  pub: Redis;
  sub: Redis;
}

async function connectAdapterClients(redisUrl: string, log: Logger): Promise<AdapterClients> {
  const pub = createRedisClient({ redisUrl, log, name: 'realtime-pub', lazyConnect: true });
  const sub = createRedisClient({ redisUrl, log, name: 'realtime-sub', lazyConnect: true });
  // connect() rejects with a bare "Connection is closed"; the 'error' event says why.
  let cause: unknown;
  const remember = (error: Error) => (cause ??= error);
  pub.once('error', remember);
  sub.once('error', remember);
  try {
    await Promise.all([pub.connect(), sub.connect()]);
  } catch (error) {
    await Promise.all([closeRedisClient(pub), closeRedisClient(sub)]);
    cause ??= error;
    throw new Error(`realtime: cannot connect to Redis: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
  pub.off('error', remember);
  sub.off('error', remember);
  return { pub, sub };
}

/** Socket.IO on the API's HTTP server: `/restaurant` and `/retail`, tenant rooms joined from the token. */
export async function attachRealtime(options: RealtimeOptions): Promise<Realtime> {
  const { log } = options;
  const redis = options.redisUrl ? await connectAdapterClients(options.redisUrl, log) : undefined;
  const corsOrigins = options.corsOrigins ?? [];
  const io: RealtimeServer = new Server(options.httpServer, {
    cors: { origin: corsOrigins.length > 0 ? [...corsOrigins] : false },
    allowRequest: allowSocketOrigin(corsOrigins),
    ...(redis && { adapter: createAdapter(withDroppedPublishFailures(redis.pub, log), redis.sub, options.redisKey ? { key: options.redisKey } : {}) }),
  });

  const authenticate = authenticateHandshake(options.accessTokens);
  const onConnection = (namespace: RealtimeNamespace) => (socket: RealtimeSocket) => {
    const { tenantId, userId, role } = socket.data.claims;
    void socket.join(namespace === '/restaurant' ? [tenantRoom(tenantId), allStationsRoom(tenantId)] : tenantRoom(tenantId));
    if (namespace === '/restaurant') handleKitchenSubscribe(socket);
    log.debug({ namespace, tenantId, userId, role }, 'realtime socket connected');
  };
  for (const namespace of REALTIME_NAMESPACES) io.of(namespace).use(authenticate).on('connection', onConnection(namespace));

  // The adapters subscribed as their namespaces were created; a round trip on the same
  // connection makes sure Redis has them before anyone publishes.
  if (redis) await redis.sub.ping();

  const publisher = createSocketPublisher({ io, log });
  let closing: Promise<void> | undefined;
  return {
    io,
    publisher,
    close() {
      closing ??= (async () => {
        await publisher.close();
        // Not io.close(): it would also close the HTTP server, which belongs to the caller.
        io.engine.close();
        if (redis) await Promise.all([closeRedisClient(redis.pub), closeRedisClient(redis.sub)]);
      })();
      return closing;
    },
  };
}
