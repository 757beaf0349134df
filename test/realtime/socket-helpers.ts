import http from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { io, type Socket } from 'socket.io-client';
import type { AccessClaims } from '../../src/auth/access-tokens';

export const SECRET = 'x'.repeat(40);

/** An HTTP server on an ephemeral port, and its base URL. */
export async function listeningServer(): Promise<{ httpServer: http.Server; url: string }> {
  const httpServer = http.createServer();
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return { httpServer, url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}` };
}

export function closeServer(httpServer: http.Server): Promise<void> {
  return new Promise((resolve) => httpServer.close(() => resolve()));
}

/** Tokens laid out as src/auth/access-tokens.ts signs them, with any expiry (seconds since epoch). */
export function signRaw(claims: AccessClaims, options: { secret: string; exp: number }): string {
  return jwt.sign({ tid: claims.tenantId, role: claims.role, sid: claims.sessionId, exp: options.exp }, options.secret, {
    algorithm: 'HS256',
    subject: claims.userId,
    issuer: 'pos-backend',
    audience: 'pos-api',
  });
}

/** Every client a test opens, so afterEach can close them all. */
export function clientPool() {
  const sockets: Socket[] = [];
  return {
    open(url: string, auth: Record<string, unknown>): Socket {
      const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
      sockets.push(socket);
      return socket;
    },
    closeAll(): void {
      for (const socket of sockets.splice(0)) socket.disconnect();
    },
  };
}

/** Resolves with whichever of `names` the socket hears first, and its first argument; rejects after `timeoutMs`. */
export function firstEvent(socket: Socket, names: string[], timeoutMs = 3000): Promise<{ name: string; value: unknown }> {
  return new Promise((resolve, reject) => {
    const listeners = names.map((name) => [name, (value: unknown) => settle(() => resolve({ name, value }))] as const);
    const timer = setTimeout(() => settle(() => reject(new Error(`none of ${names.join(', ')} within ${timeoutMs} ms`))), timeoutMs);
    function settle(finish: () => void) {
      clearTimeout(timer);
      for (const [name, listener] of listeners) socket.off(name, listener);
      finish();
    }
    for (const [name, listener] of listeners) socket.once(name, listener);
  });
}

export async function nextEvent<T = unknown>(socket: Socket, name: string, timeoutMs = 3000): Promise<T> {
  return (await firstEvent(socket, [name], timeoutMs)).value as T;
}

export type ConnectError = Error & { data?: { code?: string } };

/** Waits for the connection; a refused handshake rejects with its connect_error. */
export async function connected(socket: Socket): Promise<Socket> {
  if (socket.connected) return socket;
  const { name, value } = await firstEvent(socket, ['connect', 'connect_error']);
  if (name === 'connect_error') throw value;
  return socket;
}

/** Waits for a refused handshake and returns its error; rejects if the socket connects instead. */
export async function refused(socket: Socket): Promise<ConnectError> {
  const { name, value } = await firstEvent(socket, ['connect', 'connect_error']);
  if (name === 'connect') throw new Error('connected, expected a refusal');
  return value as ConnectError;
}

export interface Heard {
  event: string;
  payload: unknown;
}

/** Records every event a socket receives, in order. */
export function recorder(socket: Socket): Heard[] {
  const heard: Heard[] = [];
  socket.onAny((event: string, payload: unknown) => heard.push({ event, payload }));
  return heard;
}
