import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import type { Position } from '../../src/eventstore/types';
import { catalogProjection } from '../../src/projections/catalog-items';
import type { ReadStore } from '../../src/projections/read-store';
import { rebuildProjection, type RebuildTarget } from '../../src/projections/rebuild';
import { createSqliteRebuildTarget } from '../../src/projections/sqlite-rebuild';
import { withDeadline } from './deadline-store';

const silent = pino({ level: 'silent' });

export interface RebuildRun {
  eventsPerSecond: number;
  /** Events the rebuild covered: the whole log, or where it was cut at the time budget. */
  events: number;
  complete: boolean;
  seconds: number;
}

/** Rows in the live table of a collection (after a swap-in). */
function liveRows(store: SqliteEventStore, collection: string): number {
  const physical = (store.db.prepare('SELECT physical FROM read_model_tables WHERE collection = ?').pluck().get(collection) as string | undefined) ?? `rm_${collection}`;
  return store.db.prepare(`SELECT COUNT(*) FROM ${physical}`).pluck().get() as number;
}

/** The target, with the time and position of its last committed batch noted. */
function traced(target: RebuildTarget): { target: RebuildTarget; lastCommit: () => { at: number; position: Position } | undefined } {
  let last: { at: number; position: Position } | undefined;
  const inner = target.readStore;
  const readStore: ReadStore = {
    ...inner,
    async commit(projection, at, writes, options) {
      const written = await inner.commit(projection, at, writes, options);
      if (written) last = { at: performance.now(), position: at };
      return written;
    },
  };
  return { target: { readStore, swapIn: () => target.swapIn() }, lastCommit: () => last };
}

/**
 * One `rebuildProjection` of the catalog over the whole log into fresh SQLite tables, swapped in
 * at the end (which drops the previous generation). A complete run answers events ÷ seconds of
 * the whole call. A run still going at `budgetSeconds` is cut there (see withDeadline) and
 * answers the events of its last committed batch ÷ the time of that commit. Either way it checks
 * the swapped-in table holds every item added up to where it stopped.
 */
export async function measureRebuild(store: SqliteEventStore, events: number, budgetSeconds: number): Promise<RebuildRun> {
  const { target, lastCommit } = traced(createSqliteRebuildTarget(store.db, catalogProjection));
  const start = performance.now();
  const bounded = withDeadline(store, start + budgetSeconds * 1000);
  const result = await rebuildProjection({ store: bounded, projection: catalogProjection, target, log: silent });
  const seconds = (performance.now() - start) / 1000;
  const reached = Number(result.checkpoint);
  const added = store.db.prepare("SELECT COUNT(*) FROM events WHERE position <= ? AND type = 'CatalogItemAdded'").pluck().get(reached) as number;
  const rows = liveRows(store, 'catalog_items');
  if (rows !== added) throw new Error(`Rebuild to ${reached} holds ${rows} items, expected ${added}`);
  if (reached === events) return { eventsPerSecond: events / seconds, events, complete: true, seconds };
  const last = lastCommit();
  if (bounded.cutAt() === undefined || !last) throw new Error(`Rebuild stopped at ${reached} of ${events} events`);
  const upTo = (last.at - start) / 1000;
  return { eventsPerSecond: Number(last.position) / upTo, events: Number(last.position), complete: false, seconds: upTo };
}
