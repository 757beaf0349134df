/**
 * A worker thread that makes one backup copy: its own read-only connection to the live file, the
 * whole file copied in one step (one read transaction: WAL lets every writer go on meanwhile, and
 * the copy is one consistent instant), switched out of WAL mode, synced and verified. It posts
 * the check; src/jobs/sqlite-backup.ts gives the copy its name. The thread that answers requests
 * does none of this work.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { fsyncPath } from './fsync-path';
import { verifyBackup, type BackupCheck } from './backup-verifier';

export interface BackupTask {
  source: string;
  target: string;
}

/** Every page in one step (SQLite's backup step takes a page count; this is its largest). */
const ALL_PAGES = 0x7fffffff;

async function copy({ source, target }: BackupTask): Promise<BackupCheck> {
  const live = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await live.backup(target, { progress: () => ALL_PAGES });
  } finally {
    live.close();
  }
  // The copy inherits WAL mode; a backup should be one file that opens anywhere, read-only included.
  const copied = new Database(target);
  copied.pragma('journal_mode = DELETE');
  copied.close();
  fsyncPath(target);
  return verifyBackup(target);
}

void copy(workerData as BackupTask).then((check) => parentPort!.postMessage(check));
