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
