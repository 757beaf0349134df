import Database from 'better-sqlite3';
import { join } from 'node:path';
import pino from 'pino';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { allProjections } from '../../src/projections/all-projections';
import { createProjectionRunner } from '../../src/projections/projection-runner';
import { createSqliteReadStore } from '../../src/projections/sqlite-read-store';

/** Every document of every read model in a SQLite file: `collection → tenant/id → doc`. */
function readModels(db: Database.Database): Record<string, Record<string, string>> {
  const physicalOf = db.prepare('SELECT physical FROM read_model_tables WHERE collection = ?').pluck();
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
  const models: Record<string, Record<string, string>> = {};
  for (const projection of allProjections) {
    for (const collection of projection.collections) {
      const table = (physicalOf.get(collection.name) as string | undefined) ?? `rm_${collection.name}`;
      const docs: Record<string, string> = {};
      if (exists.get(table)) {
        for (const row of db.prepare(`SELECT tenant, id, doc FROM ${table} ORDER BY tenant, id`).all() as { tenant: string; id: string; doc: string }[]) {
          docs[`${row.tenant}/${row.id}`] = JSON.stringify(JSON.parse(row.doc));
        }
      }
      models[collection.name] = docs;
    }
  }
  return models;
}

/**
 * The read models of a stopped server's DATA_DIR, and what a fresh rebuild of every projection
 * from its event log gives (in a file of its own beside it). Equal means the live projections
 * applied every event exactly once.
 */
export async function liveAndRebuilt(dataDir: string): Promise<{ live: ReturnType<typeof readModels>; rebuilt: ReturnType<typeof readModels>; events: number }> {
  const store = createSqliteEventStore({ file: join(dataDir, 'pos.sqlite') });
  const freshDb = openSqliteDatabase(join(dataDir, `rebuilt-${Date.now()}.sqlite`));
  try {
    const runner = createProjectionRunner({ store, readStore: createSqliteReadStore(freshDb), projections: allProjections, log: pino({ level: 'silent' }) });
    await runner.start();
    const head = await store.headPosition();
    for (const projection of allProjections) {
      if (!(await runner.whenProcessed(projection.name, head, 30_000))) throw new Error(`rebuild of ${projection.name} did not reach ${head}`);
    }
    await runner.stop();
    const events = store.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    return { live: readModels(store.db), rebuilt: readModels(freshDb), events };
  } finally {
    freshDb.close();
    await store.close();
  }
}
