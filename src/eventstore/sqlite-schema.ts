import type { SqliteDatabase } from './sqlite-database';

/**
 * AUTOINCREMENT keeps positions strictly increasing even if rows were ever removed from the
 * tail, so a position is never handed out twice. `tenant` (the stream name up to its first dot)
 * is indexed with the position so one tenant's history is read without scanning the others.
 * Event ids are deliberately not indexed: a random-key index costs a scattered page write per
 * event on every commit, and ids are only ever compared within one stream (as EventStoreDB does).
 */
export function migrateEventStore(db: SqliteDatabase): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS events (
      position INTEGER PRIMARY KEY AUTOINCREMENT,
      id       TEXT    NOT NULL,
      stream   TEXT    NOT NULL,
      revision INTEGER NOT NULL,
      tenant   TEXT    NOT NULL,
      type     TEXT    NOT NULL,
      data     TEXT    NOT NULL,
      metadata TEXT    NOT NULL,
      created  TEXT    NOT NULL,
      UNIQUE (stream, revision)
    );
    CREATE INDEX IF NOT EXISTS events_by_tenant ON events (tenant, position);
    -- Names of deleted streams (tombstones, as in EventStoreDB): they can never be written again.
    CREATE TABLE IF NOT EXISTS deleted_streams (
      stream   TEXT PRIMARY KEY,
      revision INTEGER NOT NULL,
      deleted  TEXT    NOT NULL
    ) WITHOUT ROWID;
  `);
}
