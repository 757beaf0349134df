import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private folder under os.tmpdir() for the bench's database files, removed by `dispose`. */
export function createTempDir(): { file: (name: string) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-'));
  return {
    file: (name) => join(dir, name),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Removes one SQLite database and its WAL companions. */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
}
