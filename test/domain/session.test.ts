import { sessionDecider, type SessionEvent } from '../../src/domain/session/session';
import { specFor } from './given';

const given = specFor(sessionDecider);
const started: SessionEvent = {
  type: 'SessionStarted',
  data: { sessionId: 's_1', userId: 'u_1', role: 'cashier', tokenHash: 'h0', expiresAt: '2026-12-01T00:00:00.000Z' },
};
const rotated: SessionEvent = { type: 'RefreshTokenRotated', data: { tokenHash: 'h1', expiresAt: '2026-12-02T00:00:00.000Z' } };
const rotate = (presentedHash: string, now = '2026-11-25T00:00:00.000Z') => ({
  type: 'RotateRefreshToken' as const,
  data: { presentedHash, nextHash: 'h2', now, expiresAt: '2026-12-03T00:00:00.000Z' },
});

describe('Session (refresh token family)', () => {
  it('the current token rotates to the next', () =>
    given([started, rotated]).when(rotate('h1')).then([{ type: 'RefreshTokenRotated', data: { tokenHash: 'h2', expiresAt: '2026-12-03T00:00:00.000Z' } }]));

  it('a spent token presented again revokes the whole family', () =>
    given([started, rotated]).when(rotate('h0')).then([{ type: 'SessionRevoked', data: { reason: 'TOKEN_REUSE' } }]));

  it('nothing rotates once revoked', () =>
    given([started, rotated, { type: 'SessionRevoked', data: { reason: 'TOKEN_REUSE' } }]).when(rotate('h1')).thenThrows('INVALID_REFRESH_TOKEN'));

  it('an unknown token is refused', () => given([started]).when(rotate('nope')).thenThrows('INVALID_REFRESH_TOKEN'));

  it('an expired token is refused', () => given([started]).when(rotate('h0', '2026-12-01T00:00:00.000Z')).thenThrows('REFRESH_TOKEN_EXPIRED'));

  it('no session, no rotation', () => given([]).when(rotate('h0')).thenThrows('INVALID_REFRESH_TOKEN'));

  it('logout revokes the family', () =>
    given([started]).when({ type: 'EndSession', data: { presentedHash: 'h0' } }).then([{ type: 'SessionRevoked', data: { reason: 'LOGOUT' } }]));

  it('logging out twice changes nothing', () =>
    given([started, { type: 'SessionRevoked', data: { reason: 'LOGOUT' } }]).when({ type: 'EndSession', data: { presentedHash: 'h0' } }).then([]));

  it('a session starts once', () => given([started]).when({ type: 'StartSession', data: started.data }).thenThrows('SESSION_EXISTS'));
});
