import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Job } from './job';
import { listBackups, pruneBackups, removeLeftovers } from './backup-files';
import { backupSqlite } from './sqlite-backup';

export interface BackupJobOptions {
  /** The embedded store's file (the live one: the copy is made online). */
  file: string;
  dataDir: string;
  schedule: string;
  /** How many backups stay (the newest). */
  keep: number;
}

export const backupDirectory = (dataDir: string) => join(dataDir, 'backups');

/** Nightly online backup of the embedded SQLite file into DATA_DIR/backups, verified, the newest `keep` kept. */
export function createBackupJob(options: BackupJobOptions): Job {
  const dir = backupDirectory(options.dataDir);
  return {
    name: 'backup',
    schedule: options.schedule,
    async run({ log, signal }) {
      const started = Date.now();
      mkdirSync(dir, { recursive: true });
      const leftovers = removeLeftovers(dir);
      if (leftovers.length) log.warn({ leftovers }, 'removed temporary files of an interrupted backup');
      const result = await backupSqlite(options.file, dir, { signal });
      const pruned = pruneBackups(dir, options.keep);
      return {
        file: basename(result.file),
        bytes: result.bytes,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        integrity: result.check.integrity,
        events: result.check.chains.events,
        streams: result.check.chains.streams,
        chainsVerified: result.check.chains.ok,
        kept: listBackups(dir).length,
        pruned,
      };
    },
  };
}
