import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** `pos-20250131T033000.123Z.sqlite`: UTC, sorts by time as text, no characters a file system refuses. */
const BACKUP_NAME = /^pos-\d{8}T\d{6}\.\d{3}Z\.sqlite$/;

export function backupName(at: Date): string {
  return `pos-${at.toISOString().replace(/[-:]/g, '')}.sqlite`;
}

/** A backup being written; never taken for a finished one (the name does not match). */
export function temporaryName(finalName: string): string {
  return `.${finalName}.tmp`;
}

/** Finished backups in the directory, oldest first. */
export function listBackups(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
}

/** Deletes all but the newest `keep` backups; answers the names deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const all = listBackups(dir);
  const removed = all.slice(0, Math.max(0, all.length - keep));
  for (const name of removed) rmSync(join(dir, name), { force: true });
  return removed;
}

/** Temporary files a crashed backup left behind (only ever called under the job's lock). */
export function removeLeftovers(dir: string): string[] {
  const leftovers = readdirSync(dir).filter((name) => name.startsWith('.pos-') && (name.endsWith('.tmp') || name.includes('.tmp-')));
  for (const name of leftovers) rmSync(join(dir, name), { force: true });
  return leftovers;
}
