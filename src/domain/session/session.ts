import { assertNever, type Decider, type Message } from '../decider';
import { DomainError } from '../errors';
import type { Role } from '../tenant/role';

/**
 * A sign-in session is a family of refresh tokens: each refresh spends the current token and
 * issues the next. Presenting a spent token again means it was stolen or replayed, so the whole
 * family is revoked (OAuth 2.0 Security BCP, refresh token rotation). Only token hashes are kept.
 */
export type SessionCommand =
  | Message<'StartSession', { sessionId: string; userId: string; role: Role; tokenHash: string; expiresAt: string }>
  | Message<'RotateRefreshToken', { presentedHash: string; nextHash: string; now: string; expiresAt: string }>
  | Message<'EndSession', { presentedHash: string }>;

export type SessionEvent =
  | Message<'SessionStarted', { sessionId: string; userId: string; role: Role; tokenHash: string; expiresAt: string }>
  | Message<'RefreshTokenRotated', { tokenHash: string; expiresAt: string }>
  | Message<'SessionRevoked', { reason: 'TOKEN_REUSE' | 'LOGOUT' }>;

export interface SessionState {
  userId?: string;
  currentHash?: string;
  expiresAt?: string;
  spent: Set<string>;
  revoked: boolean;
}

const invalid = () => new DomainError('INVALID_REFRESH_TOKEN', 'The refresh token is not valid', 'unauthorized');

export const sessionDecider: Decider<SessionState, SessionCommand, SessionEvent> = {
  initialState: () => ({ spent: new Set(), revoked: false }),

  decide(command, state) {
    switch (command.type) {
      case 'StartSession':
        if (state.userId) throw new DomainError('SESSION_EXISTS', 'This session has already started', 'conflict');
        return [{ type: 'SessionStarted', data: command.data }];
      case 'RotateRefreshToken': {
        const { presentedHash, nextHash, now, expiresAt } = command.data;
        if (!state.userId || state.revoked) throw invalid();
        if (state.spent.has(presentedHash)) return [{ type: 'SessionRevoked', data: { reason: 'TOKEN_REUSE' } }];
        if (presentedHash !== state.currentHash) throw invalid();
        if (state.expiresAt! <= now) throw new DomainError('REFRESH_TOKEN_EXPIRED', 'The refresh token has expired', 'unauthorized');
        return [{ type: 'RefreshTokenRotated', data: { tokenHash: nextHash, expiresAt } }];
      }
      case 'EndSession':
        if (!state.userId) throw invalid();
        if (state.revoked) return [];
        if (command.data.presentedHash !== state.currentHash && !state.spent.has(command.data.presentedHash)) throw invalid();
        return [{ type: 'SessionRevoked', data: { reason: 'LOGOUT' } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SessionStarted':
        return { ...state, userId: event.data.userId, currentHash: event.data.tokenHash, expiresAt: event.data.expiresAt };
      case 'RefreshTokenRotated':
        return {
          ...state,
          spent: new Set(state.spent).add(state.currentHash!),
          currentHash: event.data.tokenHash,
          expiresAt: event.data.expiresAt,
        };
      case 'SessionRevoked':
        return { ...state, revoked: true };
      default:
        return assertNever(event);
    }
  },
};
