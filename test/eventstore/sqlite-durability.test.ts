import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';

const worker = join(__dirname, '../fixtures/append-worker.ts');
const runWorker = (file: string, mode: string) =>
  spawn(process.execPath, ['--import', 'tsx', worker, file, 't_durable', mode], { stdio: ['ignore', 'pipe', 'inherit'] });

describe('SQLite event store across processes', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pos-durable-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('every append that answered survives kill -9', async () => {
    const file = join(dir, 'pos.sqlite');
    const child = runWorker(file, 'loop');
    const acked: string[] = [];
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        acked.push(line.split(' ')[1]!);
        if (acked.length === 2000) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    await new Promise((resolve) => child.once('exit', resolve));
    const store = createSqliteEventStore({ file });
    const stored = new Set((await store.readAll({ maxCount: 1_000_000 })).map((e) => e.stream));
    await store.close();
    expect(acked.filter((stream) => !stored.has(stream))).toEqual([]);
  });

  it('a subscription in another process sees a new event within 50 ms', async () => {
    const file = join(dir, 'pos.sqlite');
    const store = createSqliteEventStore({ file });
    const subscription = store.subscribeToAll({ fromPosition: await store.headPosition() });
    const received = (async () => {
      for await (const event of subscription) return { event, at: Date.now() };
      throw new Error('subscription ended');
    })();
    await subscription.caughtUp;
    const child = runWorker(file, 'once');
    const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const appendedAt = Number(line.split(' ')[2]);
    const { event, at } = await received;
    await subscription.close();
    await store.close();
    expect(event.type).toBe('Ping');
    expect(at - appendedAt).toBeLessThanOrEqual(50);
  });
});
