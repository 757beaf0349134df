import type { Config } from '../config/config';
import type { Push } from '../realtime/publisher';
import type { ProjectionState, ProjectionStatus } from './projection-runner';

/** What the process hands the projection thread when it starts it. */
export interface ProjectionThreadData {
  config: Config;
  /** The process logger's level and bindings, which the thread's log lines keep. */
  log: { level: string; bindings: Record<string, unknown> };
}

/** From the process to the projection thread. */
export type ToProjectionThread =
  /** Another connection of this process appended: read the log on now. */
  | { type: 'grew' }
  /** Stop the projections, close the stores and end. */
  | { type: 'stop' };

/** From the projection thread to the process. */
export type FromProjectionThread =
  | { type: 'ready' }
  /** A batch's pushes, after its commit: the process sends them to its Socket.IO rooms. */
  | { type: 'pushes'; pushes: Push[] }
  /** A projection committed a batch or changed state. */
  | { type: 'moved'; name: string; state: ProjectionState; failure?: ProjectionStatus['failure'] };
