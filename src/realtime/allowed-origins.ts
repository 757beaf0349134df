import type { IncomingMessage } from 'node:http';

/**
 * Socket.IO's side of CORS_ORIGINS: a browser handshake from another origin is refused unless
 * the origin is listed. Pages of this server (same host) and clients that send no Origin
 * (terminals, other services) are let through; they authenticate with their token as everyone does.
 */
export function allowSocketOrigin(corsOrigins: readonly string[]) {
  return (req: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void): void => {
    const origin = req.headers.origin;
    if (origin === undefined || corsOrigins.includes(origin)) return callback(null, true);
    let sameHost = false;
    try {
      sameHost = new URL(origin).host === req.headers.host;
    } catch {
      sameHost = false;
    }
    callback(sameHost ? null : 'origin not allowed', sameHost);
  };
}
