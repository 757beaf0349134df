import type { DefaultEventsMap, ExtendedError, Socket } from 'socket.io';
import type { AccessClaims, AccessTokens } from '../auth/access-tokens';

/** What the server knows about a socket: only what its verified token says. */
export interface RealtimeSocketData {
  claims: AccessClaims;
}

export type RealtimeSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, RealtimeSocketData>;

function unauthenticated(message: string): ExtendedError {
  return Object.assign(new Error(message), { data: { code: 'UNAUTHENTICATED' } });
}

/**
 * Namespace middleware: refuses a handshake without a valid access token in `auth.token`.
 * `verify` does not say why a token fails, so an expired token and a forged one read alike.
 */
export function authenticateHandshake(accessTokens: AccessTokens) {
  return (socket: RealtimeSocket, next: (error?: ExtendedError) => void): void => {
    const token: unknown = socket.handshake.auth.token;
    if (token === undefined || token === null || token === '') {
      next(unauthenticated('access token missing: connect with auth: { token }'));
      return;
    }
    const claims = typeof token === 'string' ? accessTokens.verify(token) : undefined;
    if (!claims) {
      next(unauthenticated('access token invalid or expired'));
      return;
    }
    socket.data.claims = claims;
    next();
  };
}
