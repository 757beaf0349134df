import { close, fdatasync, openSync } from 'node:fs';

/**
 * Makes what the appending connection committed durable without stopping its thread: the
 * connection commits with `synchronous = NORMAL` (its commits write the WAL but do not fsync it)
 * and an append is answered only once an fdatasync of the WAL file that began after its commit
 * has returned. The sync runs on libuv's thread pool, so the event loop serves other requests
 * meanwhile; commits made while one sync runs share the next.
 *
 * Nothing SQLite relies on changes: in WAL mode with NORMAL it still syncs the WAL before every
 * checkpoint, and the database file after it, so a WAL page is never overwritten before it is on
 * disk in one of the two files.
 */
export interface WalSync {
  /** Calls `done` once everything committed before this call is on disk (or with the sync's error). */
  afterCommit(done: (error?: Error) => void): void;
  /** Waits for the syncs asked for, then closes the file. */
  close(): Promise<void>;
}

/** For a connection in WAL mode that has opened its file (SQLite has then made the WAL file). */
export function createWalSync(walFile: string): WalSync {
  let fd: number | undefined = openSync(walFile, 'r+');
  let running = false;
  let waiting: ((error?: Error) => void)[] = [];
  let drained: (() => void)[] = [];

  function start(): void {
    running = true;
    const covered = waiting;
    waiting = [];
    const finish = (error: NodeJS.ErrnoException | null): void => {
      running = false;
      for (const done of covered) done(error ?? undefined);
      if (waiting.length > 0) return start();
      for (const resolve of drained) resolve();
      drained = [];
    };
    if (fd === undefined) return finish(Object.assign(new Error('the WAL file is closed'), { code: 'EBADF' }));
    fdatasync(fd, finish);
  }

  return {
    afterCommit(done) {
      waiting.push(done);
      if (!running) start();
    },
    async close() {
      if (running) await new Promise<void>((resolve) => drained.push(resolve));
      if (fd === undefined) return;
      const closing = fd;
      fd = undefined;
      await new Promise<void>((resolve) => close(closing, () => resolve()));
    },
  };
}
