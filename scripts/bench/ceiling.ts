import { performance } from 'node:perf_hooks';
import { openSqliteDatabase } from '../../src/eventstore/sqlite-database';
import { migrateEventStore } from '../../src/eventstore/sqlite-schema';
import { tenantOfStream } from '../../src/eventstore/stream-name';
import type { PlannedAppend } from './events';
import { removeDatabase } from './temp';

type Row = [string, string, number, string, string, string, string, string];

/**
 * The ceiling: the same rows inserted by raw better-sqlite3 into a fresh file with the store's
 * schema and pragmas (synchronous=FULL), through one prepared INSERT in one transaction. Rows are
 * serialised before the clock starts; the clock covers BEGIN … COMMIT, fsync included.
 */
export function measureRawInsert(file: string, plans: readonly PlannedAppend[]): number {
  const created = new Date().toISOString();
  const rows: Row[] = plans.flatMap(({ stream, events }) =>
    events.map((event, i): Row => [
      event.id,
      stream,
      i,
      tenantOfStream(stream),
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata),
      created,
    ]),
  );
  removeDatabase(file);
  const db = openSqliteDatabase(file);
  try {
    migrateEventStore(db);
    const insert = db.prepare(
      'INSERT INTO events (id, stream, revision, tenant, type, data, metadata, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const insertAll = db.transaction((all: readonly Row[]) => {
      for (const row of all) insert.run(...row);
    });
    const start = performance.now();
    insertAll.immediate(rows);
    return rows.length / ((performance.now() - start) / 1000);
  } finally {
    db.close();
    removeDatabase(file);
  }
}
