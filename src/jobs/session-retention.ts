import { assertNever, type Decider, type Message } from '../domain/decider';

/** One ended sign-in, as it is remembered after its stream (its spent token hashes) is deleted. */
export interface PurgedSession {
  sessionId: string;
  userId: string;
  startedAt: string;
  endedAt: string;
  /** How it ended: its refresh token expired, the user logged out, or a spent token was presented again. */
  ended: 'EXPIRED' | 'LOGOUT' | 'TOKEN_REUSE';
  /** Events the stream held. */
  events: number;
}

export type RetentionCommand = Message<'RecordSessionsPurged', { afterDays: number; sessions: PurgedSession[] }>;
export type RetentionEvent = Message<'SessionsPurged', { afterDays: number; sessions: PurgedSession[] }>;

/**
 * `{tenantId}.retention-sessions`: what the purge deleted, written before it deletes. The deleted
 * streams leave no gap in any hash chain (each stream chains alone), so this record is what lets
 * an auditor account for every sign-in that ever existed.
 */
export const retentionDecider: Decider<{ records: number }, RetentionCommand, RetentionEvent> = {
  initialState: () => ({ records: 0 }),
  decide(command) {
    switch (command.type) {
      case 'RecordSessionsPurged':
        return command.data.sessions.length ? [{ type: 'SessionsPurged', data: command.data }] : [];
      default:
        return assertNever(command.type);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'SessionsPurged':
        return { records: state.records + 1 };
      default:
        return assertNever(event.type);
    }
  },
};
