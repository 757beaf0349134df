import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDatabase = Database.Database;

/**
 * Opens the embedded SQLite file shared by the event store, read models and checkpoints.
 * WAL lets other processes read while one writes; synchronous=FULL makes every committed
 * transaction survive power loss, which is what "acknowledged means durable" needs.
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
