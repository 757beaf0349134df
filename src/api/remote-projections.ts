import type { EventStore, Position } from '../eventstore/types';
import { position } from '../eventstore/types';
import { whenPassed } from '../projections/has-passed';
import type { Projection } from '../projections/projection';
import { projectionLag, type ProjectionRunner, type ProjectionState, type ProjectionStatus } from '../projections/projection-runner';
import type { ReadStore } from '../projections/read-store';

/** What the projector running a projection reports of it (through Redis). */
export interface RemoteProjectionState {
  state: ProjectionState;
  failure?: { position: string; error: string };
  /** Which projector process runs it (host:pid). */
  holder?: string;
}

export interface RemoteProjectionsOptions {
  store: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  /** The projectors' reports by projection name; a projection nobody reports reads as stopped. */
  states?: (names: readonly string[]) => Promise<Map<string, RemoteProjectionState>>;
  /** How often a waiting read looks at the checkpoint again. */
  pollMs?: number;
  /** Optional: calls the listener when a projection may have moved, so waiting reads look at once (until the returned function is called). */
  onMove?: (listener: () => void) => () => void;
  /** Optional: whether a projection has failed, so a read waiting on it answers at once instead of at its timeout. */
  hasFailed?: (name: string) => boolean;
}


/**
 * The projections as an API process without a runner sees them (the api role): from their
 * checkpoints in the read store, which projector processes advance. Answers what the in-process
 * runner answers — `whenProcessed` (read-your-writes, bounded), `checkpointOf`, `status` for
 * /ready and /metrics — so the routes cannot tell the difference. Starting it only makes sure the
 * read models' collections exist, so queries answer (empty) before any projector has run.
 */
export function createRemoteProjections(options: RemoteProjectionsOptions): ProjectionRunner {
  const { store, readStore } = options;
  const pollMs = options.pollMs ?? 25;
  const byName = new Map(options.projections.map((p) => [p.name, p]));
  let stopped = false;

  function projectionNamed(name: string): Projection {
    const projection = byName.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    return projection;
  }

  const checkpointOf = async (name: string): Promise<Position> => (await readStore.checkpoint(projectionNamed(name).name)) ?? position(0);



  return {
    projections: options.projections,
    async start() {
      stopped = false;
      for (const projection of options.projections) await readStore.prepare(projection.collections);
    },
    async stop() {
      stopped = true;
    },
    whenProcessed(name: string, target: Position, timeoutMs = 2000): Promise<boolean> {
      return whenPassed(store, readStore, projectionNamed(name), target, timeoutMs, { pollMs, onMove: options.onMove, gaveUp: () => stopped || options.hasFailed?.(name) === true });
    },
    checkpointOf,
    async status(): Promise<ProjectionStatus[]> {
      const names = options.projections.map((p) => p.name);
      const reported = (await options.states?.(names).catch(() => undefined)) ?? new Map<string, RemoteProjectionState>();
      return Promise.all(
        options.projections.map(async (projection) => {
          const remote = reported.get(projection.name);
          return {
            name: projection.name,
            state: remote?.state ?? 'stopped',
            ...(await projectionLag(store, readStore, projection)),
            ...(remote?.failure ? { failure: remote.failure } : {}),
            ...(remote?.holder ? { holder: remote.holder } : {}),
          };
        }),
      );
    },
  };
}
