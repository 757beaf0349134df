import { mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerSource } from '../threads/worker-source';
import { backupName, temporaryName } from './backup-files';
import type { BackupCheck } from './backup-verifier';
import type { BackupTask } from './backup-worker';
import { fsyncPath } from './fsync-path';

export interface BackupOptions {
  now?: () => Date;
  /** Stops the backup (the thread is ended, the temporary file removed). */
  signal?: AbortSignal;
}

export interface BackupResult {
  file: string;
  bytes: number;
  check: BackupCheck;
}

/** Copies, syncs and verifies on a worker thread (backup-worker.ts); resolves with its check. */
function copyOnThread(task: BackupTask, signal: AbortSignal | undefined): Promise<BackupCheck> {
  const { source, eval: isEval } = workerSource(__dirname, 'backup-worker');
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('backup stopped'));
    const worker = new Worker(source, { eval: isEval, workerData: task });
    let check: BackupCheck | undefined;
    let failure: Error | undefined;
    const stop = () => {
      failure = new Error('backup stopped');
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.once('message', (message: BackupCheck) => (check = message));
    worker.once('error', (error) => (failure = error));
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (check && !failure) resolve(check);
      else reject(failure ?? new Error(`the backup thread stopped (exit code ${code}) without a check`));
    });
  });
}

/**
 * An online backup of the SQLite file `source` into `dir`. A worker thread copies it through
 * SQLite's backup API in one read transaction on a connection of its own: WAL lets the server's
 * appends, its projection thread and other processes write meanwhile, and the copy is the file
 * as it was at one instant. The copy is written under a temporary name, switched to a
 * self-contained rollback-journal file, synced, verified, and only then renamed into place: a
 * `pos-*.sqlite` in the directory is always whole and checked.
 */
export async function backupSqlite(source: string, dir: string, options: BackupOptions = {}): Promise<BackupResult> {
  mkdirSync(dir, { recursive: true });
  const name = backupName((options.now ?? (() => new Date()))());
  const temporary = join(dir, temporaryName(name));
  const file = join(dir, name);
  try {
    const check = await copyOnThread({ source, target: temporary }, options.signal);
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
