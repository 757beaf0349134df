import type { BusinessDay } from '../domain/reports/business-day';
import type { Role } from '../domain/tenant/role';
import type { Position, Revision } from '../eventstore/types';

export interface Actor {
  userId: string;
  role: Role | 'system' | 'anonymous';
}

/** Who is asking, from where, and under which idempotency key. */
export interface CommandContext {
  tenantId: string;
  actor: Actor;
  terminalId?: string;
  /** The client's Idempotency-Key (or its aggregate id); a random one when absent. */
  commandId?: string;
  /**
   * Fingerprint of what the client sent, to tell a retry from a different request under the same
   * key. Defaults to the command's own hash; set it when the command holds server-made values
   * (fresh ids, password hashes) that differ on every run.
   */
  requestHash?: string;
  correlationId?: string;
  causationId?: string;
  /** Set by a client that wants a 409 instead of an automatic retry on a concurrent change. */
  expectedRevision?: Revision;
  /**
   * The stream was named by the server for this very command (a fresh time-ordered id): nobody can
   * have written to it, so it is not read before the first append (which still expects no stream).
   */
  newStream?: boolean;
  /** When the command was given (ISO-8601); now unless a caller (a test, an import) says otherwise. */
  at?: string;
  /** The business day the command's events count in (reports); recorded in their metadata. */
  businessDay?: BusinessDay;
}

export const commandTime = (ctx: Pick<CommandContext, 'at'>): string => ctx.at ?? new Date().toISOString();

export interface CommandResult<State, Event> {
  /** Revision of the stream after the command's events (or as it stands if it produced none). */
  revision: Revision;
  /** Global position of the command's last event. */
  position: Position;
  events: Event[];
  state: State;
  /** True when the same command had already been handled: nothing was appended this time. */
  replayed: boolean;
}
