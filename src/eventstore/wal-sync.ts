import { closeSync, fsync, openSync } from 'node:fs';

export type Fsync = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

export interface WalSync {
  /**
   * Resolves once an fsync of the WAL that began after this call has finished: everything
   * committed before the call is then on disk. Calls made while an fsync runs share the next one.
   */
  afterCommit(): Promise<void>;
  /** Waits for the fsyncs asked for, then lets go of the file. */
  close(): Promise<void>;
}

interface Round {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function round(): Round {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/**
 * Group commit's second half: commits are written with `synchronous = NORMAL` (into the WAL, not
 * yet forced to disk) on the event loop, and made durable by fsyncing the WAL file on libuv's
 * thread pool, so the loop serves requests while the disk works, and one fsync covers every
 * commit written before it began. An append is answered only after its round. Linux fsyncs the
 * file, not the descriptor: this descriptor covers SQLite's writes. SQLite keeps the WAL's file
 * while a connection is open and syncs it itself before a checkpoint copies it into the database.
 */
export function createWalSync(walFile: string, sync: Fsync = fsync): WalSync {
  let fd: number | undefined;
  let running: Promise<void> | undefined;
  let next: Round | undefined;

  function start(): void {
    const current = next!;
    next = undefined;
    running = new Promise<void>((done) => {
      try {
        fd ??= openSync(walFile, 'r');
      } catch (error) {
        current.reject(error);
        return done();
      }
      sync(fd, (error) => {
        if (error) current.reject(error);
        else current.resolve();
        done();
      });
    }).then(() => {
      running = undefined;
      if (next) start();
    });
  }

  return {
    afterCommit() {
      next ??= round();
      const { promise } = next;
      if (!running) start();
      return promise;
    },
    async close() {
      while (running) await running;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
