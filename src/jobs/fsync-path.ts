import { closeSync, fsyncSync, openSync } from 'node:fs';

/** Syncs a file, or a directory (so that a rename in it survives a power loss). */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
