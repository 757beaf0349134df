import type { RecordedEvent, Revision } from '../eventstore/types';
import type { PurgedSession } from './session-retention';

export const SESSION_EVENT_TYPES = ['SessionStarted', 'RefreshTokenRotated', 'SessionRevoked'] as const;

export interface EndedSession extends PurgedSession {
  stream: string;
  /** The stream's last revision: it is deleted only if still there. */
  revision: Revision;
}

/**
 * When a sign-in ended, read from its own stream: revoked (logout, token reuse) when the
 * SessionRevoked was recorded, else expired when its current refresh token's expiry has passed.
 * A live session (or a stream that is not a whole session) answers undefined. Once ended, a
 * session never changes again: the decider refuses every command on it.
 */
export function endedSession(stream: string, events: readonly RecordedEvent[], now: Date): EndedSession | undefined {
  const started = events[0];
  if (!started || started.type !== 'SessionStarted') return undefined;
  let expiresAt = String(started.data.expiresAt);
  let revoked: RecordedEvent | undefined;
  for (const event of events) {
    if (event.type === 'RefreshTokenRotated') expiresAt = String(event.data.expiresAt);
    if (event.type === 'SessionRevoked') revoked = event;
  }
  const expired = Date.parse(expiresAt) <= now.getTime();
  if (!revoked && !expired) return undefined;
  const reason = revoked?.data.reason === 'TOKEN_REUSE' ? 'TOKEN_REUSE' : 'LOGOUT';
  return {
    stream,
    revision: events[events.length - 1]!.revision,
    sessionId: String(started.data.sessionId),
    userId: String(started.data.userId),
    startedAt: started.created,
    endedAt: revoked ? revoked.created : new Date(expiresAt).toISOString(),
    ended: revoked ? reason : 'EXPIRED',
    events: events.length,
  };
}
