import type { Logger } from 'pino';
import type { EventStore } from '../eventstore/types';
import type { Projection } from './projection';
import { createProjectionRunner } from './projection-runner';
import type { ReadStore } from './read-store';
import { cachedForRebuild, type RebuildCacheOptions } from './rebuild-cache';

const REBUILD_BATCH = 20_000;
const MAX_DIRTY = 250_000;
const MAX_DOCS = 500_000;

/** Where a rebuild writes (fresh tables or collections) and how it is made live. */
export interface RebuildTarget {
  readStore: ReadStore;
  swapIn(): Promise<void>;
}

/**
 * Replays the whole log into the target, then swaps it in. The live read model keeps answering
 * until the swap. A rebuild publishes nothing: displays already saw those pushes.
 */
export async function rebuildProjection(options: {
  store: EventStore;
  projection: Projection;
  target: RebuildTarget;
  log: Logger;
  /** How many documents to hold back and to keep in memory (defaults suit a large rebuild). */
  cache?: RebuildCacheOptions;
}): Promise<{ checkpoint: string; seconds: number }> {
  const { store, projection, target, log } = options;
  const started = performance.now();
  // Big batches, and the documents kept in memory across them: a document touched by many events is written once or a few times.
  const cache = cachedForRebuild(target.readStore, options.cache ?? { maxDirty: MAX_DIRTY, maxDocs: MAX_DOCS });
  const runner = createProjectionRunner({ store, readStore: cache, projections: [projection], log, batchSize: REBUILD_BATCH });
  await runner.start();
  try {
    // Catch up with the head as it is now; writes that land during the swap are picked up by the live runner.
    while (!(await runner.whenProcessed(projection.name, await store.headPosition(), 10_000))) {
      const [status] = await runner.status();
      if (status?.state === 'failed') throw new Error(`Rebuild of ${projection.name} failed: ${status.failure?.error}`);
    }
    await runner.stop();
    await cache.flush();
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
