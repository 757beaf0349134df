import type { Logger } from 'pino';
import { createRemoteProjections } from '../api/remote-projections';
import type { EventStore } from '../eventstore/types';
import type { JobLock, LockLease } from '../jobs/job-lock';
import type { Projection } from '../projections/projection';
import { createProjectionRunner, type ProjectionRunner, type ProjectionStatus } from '../projections/projection-runner';
import type { ReadStore } from '../projections/read-store';
import type { Publisher } from '../realtime/publisher';
import type { ProjectionBoard } from './projection-board';

export interface LeasedProjectionsOptions {
  store: EventStore;
  readStore: ReadStore;
  projections: readonly Projection[];
  publisher?: Publisher;
  /** The lease of each projection: whoever holds it runs the projection. */
  lock: JobLock;
  board?: ProjectionBoard;
  /** Lease lifetime unless renewed; renewed (and free leases tried) every third of it. */
  ttlMs: number;
  /** Names this process on the board (host:pid). */
  holder: string;
  log: Logger;
}

export type LeasedProjectionStatus = ProjectionStatus & { active: boolean };

interface Slot {
  projection: Projection;
  lease?: LockLease;
  runner?: ProjectionRunner;
  renewedAt: number;
}

/**
 * Runs each projection only while this process holds its lease, so two projectors may run the
 * same projections: one is active per projection, the other takes a lease over within about a
 * TTL when its holder dies. Exactly-once effects do not rest on the lease — a batch is committed
 * only on top of the checkpoint it was read from (SQLite) or guarded by position (MongoDB) — the
 * lease only keeps two processes from doing the same work and sending the same pushes.
 */
export function createLeasedProjections(options: LeasedProjectionsOptions) {
  const { lock, board, ttlMs, log } = options;
  const slots: Slot[] = options.projections.map((projection) => ({ projection, renewedAt: 0 }));
  const others = createRemoteProjections({ store: options.store, readStore: options.readStore, projections: options.projections, states: board?.read });
  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;

  async function take(slot: Slot): Promise<void> {
    const outcome = await lock.acquire({ job: slot.projection.name, ttlMs });
    if (!outcome.acquired) return;
    slot.lease = outcome.lease;
    slot.renewedAt = Date.now();
    slot.runner = createProjectionRunner({ store: options.store, readStore: options.readStore, projections: [slot.projection], publisher: options.publisher, log });
    await slot.runner.start();
    log.info({ projection: slot.projection.name }, 'projection lease taken: running it');
  }

  async function drop(slot: Slot, reason: 'lost' | 'unrenewable' | 'stopping'): Promise<void> {
    const { runner, lease } = slot;
    if (!runner && !lease) return;
    slot.runner = undefined;
    slot.lease = undefined;
    await runner?.stop();
    if (reason === 'stopping') {
      // Handing over at once: the other projector takes the lease on its next look.
      await lease?.release().catch((error: unknown) => log.warn({ err: error, projection: slot.projection.name }, 'lease release failed; it expires by itself'));
      await board?.clear(slot.projection.name).catch(() => undefined);
    }
    if (reason === 'stopping') log.info({ projection: slot.projection.name }, 'projection stopped; lease released');
    else log.warn({ projection: slot.projection.name, reason }, 'projection lease lost: stopped running it');
  }

  async function keep(slot: Slot): Promise<void> {
    try {
      if (await slot.lease!.renew()) {
        slot.renewedAt = Date.now();
        return;
      }
      await drop(slot, 'lost');
    } catch (error) {
      // Redis unreachable: the lease may already have expired for the others; stop once it surely has.
      if (Date.now() - slot.renewedAt >= ttlMs) await drop(slot, 'unrenewable');
      else log.warn({ err: error, projection: slot.projection.name }, 'lease renewal failed; will retry');
    }
  }

  async function report(slot: Slot): Promise<void> {
    if (!board || !slot.runner) return;
    const [status] = await slot.runner.status();
    if (!status) return;
    await board.report(slot.projection.name, { state: status.state, ...(status.failure ? { failure: status.failure } : {}), holder: options.holder }, ttlMs * 3);
  }

  async function tick(): Promise<void> {
    for (const slot of slots) {
      try {
        if (slot.lease) await keep(slot);
        else await take(slot);
        await report(slot);
      } catch (error) {
        log.warn({ err: error, projection: slot.projection.name }, 'projection lease check failed; will retry');
      }
    }
  }

  return {
    async start(): Promise<void> {
      for (const slot of slots) await options.readStore.prepare(slot.projection.collections);
      await tick();
      timer = setInterval(() => {
        ticking ??= tick().finally(() => (ticking = undefined));
      }, Math.max(50, Math.floor(ttlMs / 3)));
    },
    /** Stops every projection this process runs and hands its leases over. */
    async stop(): Promise<void> {
      clearInterval(timer);
      await ticking;
      await Promise.all(slots.map((slot) => drop(slot, 'stopping')));
    },
    /** Every projection of this process: those it runs from their runners, the others from the checkpoints and the board. */
    async status(): Promise<LeasedProjectionStatus[]> {
      const remote = new Map((await others.status()).map((s) => [s.name, s]));
      return Promise.all(
        slots.map(async (slot) => {
          const own = slot.runner ? (await slot.runner.status())[0] : undefined;
          return { ...(own ?? remote.get(slot.projection.name)!), active: own !== undefined };
        }),
      );
    },
  };
}

export type LeasedProjections = ReturnType<typeof createLeasedProjections>;
