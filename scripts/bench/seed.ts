import type { SqliteDatabase } from '../../src/eventstore/sqlite-database';
import type { EventStore } from '../../src/eventstore/types';
import { planAppends } from './events';

const EVENTS_PER_STREAM = 20;
/** Appends queued in one tick are committed together: this many events per transaction. */
const EVENTS_PER_COMMIT = 50_000;

/**
 * Fills an empty store with `count` events through its own append path: many concurrent appends of
 * EVENTS_PER_STREAM events each, so a group commit carries EVENTS_PER_COMMIT events. Then the WAL is
 * checkpointed so every store is measured in the same state.
 */
export async function seedStore(store: EventStore & { db: SqliteDatabase }, count: number): Promise<void> {
  let remaining = count;
  while (remaining > 0) {
    const inCommit = Math.min(EVENTS_PER_COMMIT, remaining);
    const fullStreams = Math.floor(inCommit / EVENTS_PER_STREAM);
    const plans = planAppends(fullStreams, EVENTS_PER_STREAM);
    const rest = inCommit - fullStreams * EVENTS_PER_STREAM;
    if (rest > 0) plans.push(...planAppends(1, rest));
    await Promise.all(plans.map((plan) => store.appendToStream(plan.stream, plan.events, { expectedRevision: 'no_stream' })));
    remaining -= inCommit;
  }
  const head = Number(await store.headPosition());
  if (head !== count) throw new Error(`Seeding wrote ${head} events, expected ${count}`);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * Deletes every event after the first `count` (outside any timing), so each append run starts on a
 * store of exactly `count` events, then checkpoints as after seeding. Positions stay unique: the
 * table is AUTOINCREMENT.
 */
export function truncateTo(store: EventStore & { db: SqliteDatabase }, count: number): void {
  store.db.prepare('DELETE FROM events WHERE position > ?').run(count);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
}
