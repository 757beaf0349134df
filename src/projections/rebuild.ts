import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/types';
import type { Projection } from './projection';
import { createProjectionRunner } from './projection-runner';
import type { ReadStore } from './read-store';

const REBUILD_BATCH = 20_000;

/** Where a rebuild writes (fresh tables or collections) and how it is made live. */
export interface RebuildTarget {
  readStore: ReadStore;
  swapIn(): Promise<void>;
}

/**
 * Replays the whole log into the target, then swaps it in. The live read model keeps answering
 * until the swap. A rebuild publishes nothing: displays already saw those pushes.
 */
export async function rebuildProjection(options: { store: EventStore; projection: Projection; target: RebuildTarget; log: Logger }): Promise<{ checkpoint: string; seconds: number }> {
  const { store, projection, target, log } = options;
  const started = performance.now();
  // Big batches: a document touched by many events of a batch is written once.
  const runner = createProjectionRunner({ store, readStore: target.readStore, projections: [projection], log, batchSize: REBUILD_BATCH });
  await runner.start();
  try {
    // Catch up with the head as it is now; writes that land during the swap are picked up by the live runner.
    while (!(await runner.whenProcessed(projection.name, await store.headPosition(), 10_000))) {
      const [status] = await runner.status();
      if (status?.state === 'failed') throw new Error(`Rebuild of ${projection.name} failed: ${status.failure?.error}`);
    }
    await runner.stop();
  } catch (error) {
    await runner.stop();
    throw error;
  }
  const checkpoint = (await runner.checkpointOf(projection.name)).toString();
  await target.swapIn();
  const seconds = (performance.now() - started) / 1000;
  log.info({ projection: projection.name, checkpoint, seconds }, 'projection rebuilt and swapped in');
  return { checkpoint, seconds };
}
