import { position, type EventStore, type Position } from '../eventstore/types';
import type { Projection } from './projection';
import type { ReadStore } from './read-store';

/**
 * Whether a projection's read model holds everything up to `target`: its checkpoint is there, or
 * the log has reached `target` and no event of the projection's types lies between its checkpoint
 * and it. What `minPosition` waits for, in the process that runs projections and in one that only
 * reads their checkpoints.
 */
export async function hasPassed(store: EventStore, readStore: ReadStore, projection: Projection, target: Position): Promise<boolean> {
  const checkpoint = (await readStore.checkpoint(projection.name)) ?? position(0);
  if (checkpoint >= target) return true;
  // A position the log has not reached yet cannot have been passed.
  if ((await store.headPosition()) < target) return false;
  const [next] = await store.readAll({ fromPosition: checkpoint, maxCount: 1, filter: { eventTypes: projection.eventTypes } });
  return !next || next.position > target;
}

export interface WaitOptions {
  /** How often to look again when nothing says the projection moved. */
  pollMs: number;
  /** Calls the listener when the projection may have moved (until the returned function is called). */
  onMove?: (listener: () => void) => () => void;
  /** True when waiting longer is pointless (the projection failed, the runner stopped). */
  gaveUp?: () => boolean;
}

/**
 * Waits (at most `timeoutMs`) until the projection has passed `target`: what `minPosition` waits
 * for (DESIGN decision 10). False on timeout or when the wait gave up.
 */
export async function whenPassed(store: EventStore, readStore: ReadStore, projection: Projection, target: Position, timeoutMs: number, options: WaitOptions): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await hasPassed(store, readStore, projection, target))) {
    const left = deadline - Date.now();
    if (left <= 0 || options.gaveUp?.()) return false;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.min(left, options.pollMs));
      const unlisten = options.onMove?.(done);
      function done() {
        clearTimeout(timer);
        unlisten?.();
        resolve();
      }
    });
  }
  return true;
}
