import type { SqliteDatabase } from '../eventstore/sqlite-database';
import type { Projection } from './projection';
import type { RebuildTarget } from './rebuild';
import { createQueryIndexes, createSqliteReadStore, migrateReadStore, rebuildCheckpointKey, rebuildTable } from './sqlite-read-store';

/**
 * A rebuild on the embedded store: fresh tables of a new generation beside the live ones, then
 * one transaction that points the collections at them, hands their checkpoint to the projection
 * and drops the old tables. Queries look the live table up each time, so they switch at once;
 * a running projection sees its checkpoint move and follows from the new one.
 */
export function createSqliteRebuildTarget(db: SqliteDatabase, projection: Projection): RebuildTarget {
  migrateReadStore(db);
  const generation = `r${Date.now().toString(36)}`;
  dropAbandonedRebuilds(db, projection);
  const readStore = createSqliteReadStore(db, { rebuildGeneration: generation });
  const physicalOf = db.prepare('SELECT physical FROM read_model_tables WHERE collection = ?').pluck();

  const swap = db.transaction(() => {
    const key = rebuildCheckpointKey(projection.name, generation);
    const rebuilt = db.prepare('SELECT position FROM projection_checkpoints WHERE projection = ?').pluck().get(key) as number | undefined;
    for (const spec of projection.collections) {
      const old = (physicalOf.get(spec.name) as string | undefined) ?? `rm_${spec.name}`;
      db.prepare('INSERT OR REPLACE INTO read_model_tables (collection, physical) VALUES (?, ?)').run(spec.name, rebuildTable(spec.name, generation));
      db.exec(`DROP TABLE IF EXISTS ${old}; DROP TABLE IF EXISTS ${old}__search;`);
    }
    db.prepare('DELETE FROM projection_checkpoints WHERE projection IN (?, ?)').run(projection.name, key);
    if (rebuilt !== undefined) {
      db.prepare('INSERT INTO projection_checkpoints (projection, position, updated) VALUES (?, ?, ?)').run(projection.name, rebuilt, new Date().toISOString());
    }
  });

  return {
    readStore,
    async swapIn() {
      for (const spec of projection.collections) createQueryIndexes(db, spec, rebuildTable(spec.name, generation));
      swap.immediate();
    },
  };
}

/** Tables of a rebuild that never finished (its process died): not live, so safe to drop. */
function dropAbandonedRebuilds(db: SqliteDatabase, projection: Projection): void {
  const live = new Set(db.prepare('SELECT physical FROM read_model_tables').pluck().all() as string[]);
  for (const spec of projection.collections) {
    const prefix = `rm_${spec.name}__r`;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?").pluck().all(prefix.length, prefix) as string[];
    for (const name of tables) {
      const base = name.endsWith('__search') ? name.slice(0, -'__search'.length) : name;
      if (!live.has(base)) db.exec(`DROP TABLE IF EXISTS ${name}`);
    }
  }
  db.prepare("DELETE FROM projection_checkpoints WHERE projection LIKE ? ESCAPE '\\'").run(`${projection.name.replace(/[\\%_]/g, '\\$&')}#%`);
}
