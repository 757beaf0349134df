import Database, { type Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/**
 * Opens the embedded SQLite file shared by the event store, read models and checkpoints.
 * WAL lets other processes read while one writes; synchronous=FULL makes every committed
 * transaction survive power loss. The event store's appending connection switches to NORMAL and
 * syncs the WAL itself before it answers (wal-sync.ts), which keeps "acknowledged means durable".
 */
export function openSqliteDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // Several processes may share the file (roles run apart); wait for the write lock instead of failing.
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  db.pragma('foreign_keys = ON');
  return db;
}

/** A connection's PRAGMA statements, prepared once: `db.pragma` prepares one on every call. */
const pragmas = new WeakMap<SqliteDatabase, Map<string, Statement>>();

/** Runs `PRAGMA <source>` through a statement prepared once per connection; its first column. */
export function pragmaOnce(db: SqliteDatabase, source: string): unknown {
  let prepared = pragmas.get(db);
  if (!prepared) pragmas.set(db, (prepared = new Map()));
  let statement = prepared.get(source);
  if (!statement) {
    statement = db.prepare(`PRAGMA ${source}`);
    if (statement.reader) statement.pluck();
    prepared.set(source, statement);
  }
  return statement.reader ? statement.get() : statement.run();
}
