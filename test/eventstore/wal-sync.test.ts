import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { fsync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWalSync } from '../../src/eventstore/wal-sync';

describe('WAL sync (group commit made durable off the event loop)', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-walsync-'));
    file = join(dir, 'pos.sqlite-wal');
    writeFileSync(file, 'frames');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The real fsync, with each call's start and end recorded in order. */
  function recordedFsync(log: string[]) {
    let n = 0;
    return (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
      const k = ++n;
      log.push(`start ${k}`);
      fsync(fd, (error) => {
        log.push(`end ${k}`);
        done(error);
      });
    };
  }

  it('a commit asked for while an fsync runs waits for the next one; commits asked for together share it', async () => {
    const log: string[] = [];
    const sync = createWalSync(file, recordedFsync(log));
    const first = sync.afterCommit().then(() => log.push('first'));
    const second = sync.afterCommit().then(() => log.push('second'));
    const third = sync.afterCommit().then(() => log.push('third'));
    await Promise.all([first, second, third]);
    await sync.close();
    // The first call started fsync 1; the two made while it ran share fsync 2 and resolve after it.
    expect(log).toEqual(['start 1', 'end 1', 'first', 'start 2', 'end 2', 'second', 'third']);
  });

  it('a failed fsync fails exactly the commits of its round, and the next round runs', async () => {
    let calls = 0;
    const sync = createWalSync(file, (fd, done) => (++calls === 1 ? done(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })) : fsync(fd, done)));
    const failed = sync.afterCommit();
    await expect(failed).rejects.toThrow('EIO');
    await expect(sync.afterCommit()).resolves.toBeUndefined();
    await sync.close();
  });

  it('a WAL file that cannot be opened fails its round', async () => {
    const sync = createWalSync(join(dir, 'missing', 'pos.sqlite-wal'));
    await expect(sync.afterCommit()).rejects.toThrow('ENOENT');
    await sync.close();
  });
});
