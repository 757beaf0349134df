import type { Logger } from 'pino';
import type { EventStore, Position, RecordedEvent } from '../eventstore/types';
import { position } from '../eventstore/types';
import type { Publisher } from '../realtime/publisher';
import { createBatchView } from './batch-view';
import { whenPassed } from './has-passed';
import { batchesOf } from './next-batch';
import type { Projection } from './projection';
import { docKey, type DocKey, type ReadStore } from './read-store';

export type ProjectionState = 'starting' | 'running' | 'failed' | 'stopped';

export interface ProjectionStatus {
  name: string;
  state: ProjectionState;
  checkpoint: string;
  /** Events of this projection's types after its checkpoint (capped), and how old the oldest is. */
  lag: { events: number; ms: number };
  failure?: { position: string; error: string };
}

export interface ProjectionRunnerOptions {
  store: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  publisher?: Publisher;
  log: Logger;
  batchSize?: number;
  /** Told after each batch a projection commits and each change of its state (a projection thread reports them to its process). */
  onChange?: (name: string, state: ProjectionState, failure?: ProjectionStatus['failure']) => void;
}

const LAG_CAP = 1000;

/** A projection's checkpoint and how far behind the log it is (ProjectionStatus's), read from the stores. */
export async function projectionLag(store: EventStore, readStore: ReadStore, projection: Projection): Promise<Pick<ProjectionStatus, 'checkpoint' | 'lag'>> {
  const checkpoint = (await readStore.checkpoint(projection.name)) ?? position(0);
  const pending = await store.readAll({ fromPosition: checkpoint, maxCount: LAG_CAP, filter: { eventTypes: projection.eventTypes } });
  const oldest = pending[0];
  return { checkpoint: checkpoint.toString(), lag: { events: pending.length, ms: oldest ? Math.max(0, Date.now() - Date.parse(oldest.created)) : 0 } };
}

/**
 * Runs each projection on its own catch-up subscription from its checkpoint. Batches are
 * applied in memory, then committed with the checkpoint; pushes go out after the commit. A
 * projection whose handler throws stops alone, remembering the event that broke it.
 */
export function createProjectionRunner(options: ProjectionRunnerOptions) {
  const { store, readStore, log } = options;
  const batchSize = options.batchSize ?? 1000;
  interface Entry {
    state: ProjectionState;
    failure?: ProjectionStatus['failure'];
    stopping?: boolean;
    close?: () => Promise<void>;
    done?: Promise<void>;
  }
  const states = new Map<string, Entry>();
  const waiters = new Set<() => void>();
  const byName = new Map(options.projections.map((p) => [p.name, p]));

  function wakeWaiters(): void {
    for (const wake of [...waiters]) wake();
  }

  /** Applies a batch on top of `from`; false when the checkpoint had moved (nothing written). */
  async function applyBatch(projection: Projection, batch: RecordedEvent[], from: Position | null): Promise<boolean> {
    const keys = new Map<string, DocKey>();
    for (const event of batch) for (const key of projection.documentsFor(event)) keys.set(docKey(key), key);
    const { view, writes, pushes } = createBatchView(await readStore.load([...keys.values()]));
    for (const event of batch) {
      try {
        projection.apply(event, view);
      } catch (error) {
        throw Object.assign(new Error(`${projection.name} failed on ${event.type} at position ${event.position}: ${(error as Error).message}`), {
          position: event.position,
          cause: error,
        });
      }
    }
    const last = batch[batch.length - 1]!;
    if (!(await readStore.commit(projection.name, last.position, writes(), { expectedCheckpoint: from }))) return false;
    for (const push of pushes()) options.publisher?.publish(push);
    options.onChange?.(projection.name, 'running');
    log.debug({ projection: projection.name, events: batch.length, position: last.position.toString() }, 'projection batch');
    return true;
  }

  /** Subscribes from the checkpoint and applies batches until stopped, failed, or the checkpoint moves. */
  async function follow(projection: Projection, entry: Entry): Promise<'stopped' | 'moved'> {
    let checkpoint = (await readStore.checkpoint(projection.name)) ?? null;
    const subscription = store.subscribeToAll({ fromPosition: checkpoint ?? position(0), filter: { eventTypes: projection.eventTypes } });
    entry.close = () => subscription.close();
    if (entry.stopping) await subscription.close();
    const nextBatch = batchesOf(subscription[Symbol.asyncIterator](), batchSize);
    try {
      for (let batch = await nextBatch(); batch; batch = await nextBatch()) {
        if (!(await applyBatch(projection, batch, checkpoint))) return 'moved';
        checkpoint = batch[batch.length - 1]!.position;
        wakeWaiters();
      }
      return 'stopped';
    } finally {
      await subscription.close();
    }
  }

  /** Waits `ms`, or less when the projection is stopped meanwhile. */
  function pause(entry: Entry, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      entry.close = async () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async function run(projection: Projection, entry: Entry): Promise<void> {
    entry.state = 'running';
    options.onChange?.(projection.name, 'running');
    try {
      // The checkpoint moves under a running projection when a rebuild is swapped in: follow again from it.
      for (let failures = 0; ; ) {
        let outcome: 'stopped' | 'moved';
        try {
          outcome = await follow(projection, entry);
        } catch (error) {
          // An event it cannot apply stops the projection (below). A store that cannot be read or
          // written (a full disk, a lost connection) is retried from the checkpoint until it can.
          if ((error as { position?: Position }).position !== undefined || entry.stopping) throw error;
          failures += 1;
          log.warn({ projection: projection.name, err: error, failures }, 'projection cannot use its store; retrying from its checkpoint');
          await pause(entry, Math.min(1000, 25 * 2 ** Math.min(failures, 6)));
          if (entry.stopping) break;
          continue;
        }
        if (outcome !== 'moved' || entry.stopping) break;
        log.info({ projection: projection.name }, 'checkpoint moved (a rebuild was swapped in); following from it');
      }
      entry.state = 'stopped';
      options.onChange?.(projection.name, 'stopped');
    } catch (error) {
      entry.state = 'failed';
      const at = (error as { position?: Position }).position;
      entry.failure = { position: at?.toString() ?? 'unknown', error: (error as Error).message };
      log.error({ projection: projection.name, err: error, position: entry.failure.position }, 'projection stopped');
      options.onChange?.(projection.name, 'failed', entry.failure);
      wakeWaiters();
    }
  }



  function projectionNamed(name: string): Projection {
    const projection = byName.get(name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    return projection;
  }

  return {
    projections: options.projections,
    async start(): Promise<void> {
      for (const projection of options.projections) {
        await readStore.prepare(projection.collections);
        const entry: Entry = { state: 'starting' };
        states.set(projection.name, entry);
        entry.done = run(projection, entry);
      }
    },
    async stop(): Promise<void> {
      await Promise.all(
        [...states.values()].map(async (entry) => {
          entry.stopping = true;
          await entry.close?.();
          await entry.done;
        }),
      );
      wakeWaiters();
    },
    /**
     * Waits (bounded) until the projection has applied every event of its types up to `target`
     * (DESIGN decision 10). Resolves false on timeout.
     */
    whenProcessed(name: string, target: Position, timeoutMs = 2000): Promise<boolean> {
      // Batches in this process wake a waiting read at once; the short poll covers a projector elsewhere.
      return whenPassed(store, readStore, projectionNamed(name), target, timeoutMs, {
        pollMs: 25,
        onMove: (wake) => {
          waiters.add(wake);
          return () => waiters.delete(wake);
        },
        gaveUp: () => states.get(name)?.state === 'failed',
      });
    },
    async checkpointOf(name: string): Promise<Position> {
      return (await readStore.checkpoint(projectionNamed(name).name)) ?? position(0);
    },
    async status(): Promise<ProjectionStatus[]> {
      return Promise.all(
        options.projections.map(async (projection) => {
          const entry = states.get(projection.name);
          return {
            name: projection.name,
            state: entry?.state ?? 'stopped',
            ...(await projectionLag(store, readStore, projection)),
            ...(entry?.failure ? { failure: entry.failure } : {}),
          };
        }),
      );
    },
  };
}

export type ProjectionRunner = ReturnType<typeof createProjectionRunner>;
