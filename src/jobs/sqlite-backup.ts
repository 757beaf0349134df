import Database from 'better-sqlite3';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { SqliteDatabase } from '../eventstore/sqlite-database';
import { backupName, temporaryName } from './backup-files';
import { verifyBackup, type BackupCheck } from './backup-verifier';

export interface BackupOptions {
  /** Pages copied per step; the event loop (appends, requests) runs between steps. ALL_PAGES: one step. */
  pagesPerStep?: number;
  now?: () => Date;
  /** Stops the copy at its next step (the temporary file is removed). */
  signal?: AbortSignal;
}

export const ALL_PAGES = 0x7fffffff;

/**
 * Pages per step, and the way out of restarts: SQLite starts a step-wise copy over whenever
 * another connection (another process) writes the file between steps; writes through this
 * connection are carried into the copy instead. After two restarts the rest is copied in one
 * step, i.e. in one read transaction, which WAL lets writers work around.
 */
function stepper(pagesPerStep: number, signal: AbortSignal | undefined) {
  let lastRemaining = Number.POSITIVE_INFINITY;
  let restarts = 0;
  return ({ remainingPages }: { remainingPages: number }): number => {
    if (signal?.aborted) throw new Error('backup stopped');
    if (remainingPages > lastRemaining) restarts += 1;
    lastRemaining = remainingPages;
    return restarts >= 2 ? ALL_PAGES : pagesPerStep;
  };
}

export interface BackupResult {
  file: string;
  bytes: number;
  check: BackupCheck;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * An online backup through SQLite's backup API on the live connection: writes made through that
 * connection while it copies are carried into the copy, so the file is one consistent snapshot
 * while appends go on. It is written under a temporary name, switched to a self-contained
 * rollback-journal file, synced, verified, and only then renamed into place: a `pos-*.sqlite`
 * in the directory is always whole and checked.
 */
export async function backupSqlite(db: SqliteDatabase, dir: string, options: BackupOptions = {}): Promise<BackupResult> {
  mkdirSync(dir, { recursive: true });
  const name = backupName((options.now ?? (() => new Date()))());
  const temporary = join(dir, temporaryName(name));
  const file = join(dir, name);
  try {
    await db.backup(temporary, { progress: stepper(options.pagesPerStep ?? 256, options.signal) });
    // The copy inherits WAL mode; a backup should be one file that opens anywhere, read-only included.
    const copy = new Database(temporary);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    fsyncPath(temporary);
    const check = verifyBackup(temporary);
    if (!check.ok) {
      const broken = check.chains.firstBroken;
      throw new Error(`backup failed verification: integrity ${check.integrity}${broken ? `; chain broken at ${broken.stream}@${broken.revision}: ${broken.problem}` : ''}`);
    }
    renameSync(temporary, file);
    fsyncPath(dir); // the rename itself survives a power loss
    return { file, bytes: statSync(file).size, check };
  } finally {
    for (const leftover of [temporary, `${temporary}-wal`, `${temporary}-shm`, `${temporary}-journal`]) rmSync(leftover, { force: true });
  }
}
