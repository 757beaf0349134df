import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { eventHash, GENESIS_HASH } from '../../src/commands/hash-chain';
import { loadConfig } from '../../src/config/config';
import type { SqliteDatabase } from '../../src/eventstore/sqlite-database';
import type { EventStore, EventToAppend } from '../../src/eventstore/types';
import type { ReadStore } from '../../src/projections/read-store';
import { allJobs } from '../../src/jobs/all-jobs';
import { backupDirectory, createBackupJob } from '../../src/jobs/backup-job';
import { verifyBackup } from '../../src/jobs/backup-verifier';
import { listBackups } from '../../src/jobs/backup-files';
import { createMemoryJobLock } from '../../src/jobs/memory-job-lock';
import { createJobScheduler } from '../../src/jobs/scheduler';
import { startServer } from '../../src/server';
import { tempSqliteStore } from '../helpers/temp-store';
import { client, ownerSession, startTestServer, type TestServer } from '../helpers/test-server';
import { capturedLog } from './log-capture';

const JWT_SECRET = 'test-secret-that-is-long-enough-0123456789';

/** `count` streams of `perStream` chained events each, straight into the store (a tenant's long history). */
async function appendChainedHistory(store: EventStore, tenant: string, count: number, perStream: number): Promise<void> {
  const padding = 'x'.repeat(400);
  await Promise.all(
    Array.from({ length: count }, (_, s) => {
      let prevHash = GENESIS_HASH;
      const events: EventToAppend[] = Array.from({ length: perStream }, (_, i) => {
        const data = { n: i, note: `note ${s}/${i} ${padding}` };
        const metadata = { tenantId: tenant, actor: { userId: 'u_seed', role: 'owner' }, commandId: `seed-${s}-${i}`, occurredAt: new Date().toISOString(), schemaVersion: 1, prevHash };
        const hash = eventHash(prevHash, 'NoteWritten', data, metadata);
        prevHash = hash;
        return { id: randomUUID(), type: 'NoteWritten', data, metadata: { ...metadata, hash } };
      });
      return store.appendToStream(`${tenant}.note-${s}`, events, { expectedRevision: 'no_stream' });
    }),
  );
}

const dbOf = (store: EventStore): SqliteDatabase => {
  if (!('db' in store)) throw new Error('expected the embedded store');
  return store.db as SqliteDatabase;
};

describe('backup job', () => {
  let server: TestServer | undefined;
  let restoreDir: string | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    if (restoreDir) rmSync(restoreDir, { recursive: true, force: true });
  });

  it('backs up online while appends go on; the backup restores into a server that has the data and verifies', async () => {
    server = await startTestServer({ JOBS_ENABLED: 'true' });
    const db = dbOf(server.server.store);
    await appendChainedHistory(server.server.store, 't_filler', 200, 100); // ~12 MB: a copy of many steps
    const owner = await ownerSession(server.url);
    const added: { itemId: string; position: bigint; at: number }[] = [];
    const addItem = async (n: number) => {
      const answer = await owner.api.post('/api/catalog/items', { name: `Item ${n}`, priceMinor: 1000 + n, taxRateBps: 800 });
      if (answer.status !== 201) throw new Error(`add item: ${answer.status} ${JSON.stringify(answer.body)}`);
      added.push({ itemId: answer.body.itemId, position: BigInt(answer.body.position), at: Date.now() });
    };
    for (let n = 0; n < 20; n++) await addItem(n);

    // Writers keep adding items through the API for as long as the backup runs.
    const job = createBackupJob({ file: db.name, dataDir: server.dataDir, schedule: '30 3 * * *', keep: 7 });
    const scheduler = createJobScheduler({ jobs: [job], lock: createMemoryJobLock(), log: capturedLog().log });
    let backingUp = true;
    let next = 20;
    const writers = Array.from({ length: 4 }, async () => {
      while (backingUp && next < 400) await addItem(next++);
    });
    const backupStarted = Date.now();
    const result = await scheduler.runNow('backup');
    const backupEnded = Date.now();
    backingUp = false;
    await Promise.all(writers);
    if (!result.ran) throw new Error(`backup skipped: ${result.reason}`);
    expect(result.run).toMatchObject({ outcome: 'succeeded', summary: { integrity: 'ok', chainsVerified: true, kept: 1, pruned: [] } });
    // The copy and its checks run on a thread of their own: the server went on answering meanwhile.
    expect(added.filter((a) => a.at > backupStarted && a.at < backupEnded).length).toBeGreaterThan(0);

    const [name] = listBackups(backupDirectory(server.dataDir));
    expect(name).toBe(result.run.summary!.file);
    const file = join(backupDirectory(server.dataDir), name!);
    expect(readdirSync(backupDirectory(server.dataDir))).toEqual([name]); // no temporary file left

    // A consistent snapshot: exactly the live log up to the backup's last position, nothing more, nothing less.
    const backup = new Database(file, { readonly: true });
    const backupEvents = backup.prepare('SELECT position, id FROM events ORDER BY position').raw(true).all() as [number, string][];
    const checkpoint = backup.prepare("SELECT position FROM projection_checkpoints WHERE projection = 'catalog'").pluck().get() as number | undefined;
    backup.close();
    const last = backupEvents[backupEvents.length - 1]![0];
    expect(db.prepare('SELECT position, id FROM events WHERE position <= ? ORDER BY position').raw(true).all(last)).toEqual(backupEvents);
    expect(backupEvents.length).toBeGreaterThan(20_000);
    expect(checkpoint ?? 0).toBeLessThanOrEqual(last);
    const inBackup = added.filter((a) => a.position <= BigInt(last)).map((a) => a.itemId).sort();
    for (const a of added.filter((x) => x.at < backupStarted)) expect(inBackup).toContain(a.itemId);

    // Restore: a new server on a copy of the backup as its data file.
    restoreDir = mkdtempSync(join(tmpdir(), 'pos-restore-'));
    copyFileSync(file, join(restoreDir, 'pos.sqlite'));
    const restored = await startServer(loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: restoreDir, JWT_SECRET, JOBS_ENABLED: 'false' }), pino({ level: 'silent' }));
    try {
      const url = `http://127.0.0.1:${restored.port}`;
      const login = await client(url).post('/api/auth/login', { subdomain: owner.subdomain, email: `owner@${owner.subdomain}.example`, password: 'correct horse battery staple' });
      expect(login.status).toBe(200);
      const api = client(url, login.body.accessToken);
      const items = await api.get(`/api/catalog/items?limit=500&minPosition=${last}`);
      expect(items.status).toBe(200);
      expect((items.body as { itemId: string }[]).map((i) => i.itemId).sort()).toEqual(inBackup);
      expect((await api.post('/api/catalog/items', { name: 'After restore', priceMinor: 1, taxRateBps: 0 })).status).toBe(201);
      const ready = await client(url).get('/ready');
      expect(ready.body.status).toBe('ready');
    } finally {
      await restored.close();
    }
    const check = verifyBackup(join(restoreDir, 'pos.sqlite'));
    expect(check).toMatchObject({ ok: true, integrity: 'ok', chains: { ok: true } });
    expect(check.chains.events).toBeGreaterThan(backupEvents.length); // the restored server wrote on
  });

  it('keeps the newest BACKUP_KEEP backups and clears what an interrupted backup left', async () => {
    const temp = tempSqliteStore();
    try {
      await appendChainedHistory(temp.store, 't_keep', 3, 5);
      const dir = backupDirectory(temp.dir);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, '.pos-20200101T000000.000Z.sqlite.tmp'), 'half a backup');
      const job = createBackupJob({ file: temp.store.db.name, dataDir: temp.dir, schedule: '* * * * *', keep: 2 });
      const ctx = { trigger: 'manual' as const, attempt: 1, log: pino({ level: 'silent' }), signal: new AbortController().signal };
      const files: string[] = [];
      for (let i = 0; i < 3; i++) {
        files.push(String((await job.run(ctx)).file));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(listBackups(dir)).toEqual(files.slice(1));
      expect(readdirSync(dir).sort()).toEqual(files.slice(1).sort());
      expect(verifyBackup(join(dir, files[2]!))).toMatchObject({ ok: true, chains: { events: 15, streams: 3 } });
    } finally {
      await temp.dispose();
    }
  });

  it('copies one consistent instant while another connection writes the file all along', async () => {
    const temp = tempSqliteStore();
    const other = new Database(join(temp.dir, 'pos.sqlite'));
    try {
      await appendChainedHistory(temp.store, 't_busy', 50, 40);
      temp.store.db.exec('CREATE TABLE scratch (n INTEGER)');
      const insert = other.prepare('INSERT INTO scratch VALUES (?)');
      let writes = 0;
      let backingUp = true;
      const writer = (async () => {
        while (backingUp) {
          insert.run(++writes);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const job = createBackupJob({ file: temp.store.db.name, dataDir: temp.dir, schedule: '* * * * *', keep: 2 });
      const ctx = { trigger: 'manual' as const, attempt: 1, log: pino({ level: 'silent' }), signal: new AbortController().signal };
      const summary = await job.run(ctx).finally(() => (backingUp = false));
      await writer;
      expect(summary).toMatchObject({ integrity: 'ok', chainsVerified: true, events: 2000 });
      const backup = new Database(join(backupDirectory(temp.dir), String(summary.file)), { readonly: true });
      const copied = backup.prepare('SELECT n FROM scratch ORDER BY rowid').pluck().all() as number[];
      backup.close();
      // A prefix of the writes, with no gap: the file as it was between two of them.
      expect(copied).toEqual(Array.from({ length: copied.length }, (_, i) => i + 1));
      expect(copied.length).toBeLessThan(writes);
    } finally {
      other.close();
      await temp.dispose();
    }
  });

  it('stops when its run is called off, leaving no file behind', async () => {
    const temp = tempSqliteStore();
    try {
      await appendChainedHistory(temp.store, 't_stop', 50, 40);
      const job = createBackupJob({ file: temp.store.db.name, dataDir: temp.dir, schedule: '* * * * *', keep: 2 });
      const controller = new AbortController();
      const run = job.run({ trigger: 'manual' as const, attempt: 1, log: pino({ level: 'silent' }), signal: controller.signal });
      controller.abort();
      await expect(run).rejects.toThrow('backup stopped');
      expect(readdirSync(backupDirectory(temp.dir))).toEqual([]);
    } finally {
      await temp.dispose();
    }
  });

  it('refuses a backup whose history does not verify and leaves no file behind', async () => {
    const temp = tempSqliteStore();
    try {
      await appendChainedHistory(temp.store, 't_edit', 2, 3);
      // Someone edits a recorded event in place: the chain no longer holds.
      temp.store.db.prepare("UPDATE events SET data = json_set(data, '$.n', 99) WHERE stream = 't_edit.note-1' AND revision = 1").run();
      const job = createBackupJob({ file: temp.store.db.name, dataDir: temp.dir, schedule: '* * * * *', keep: 2 });
      const ctx = { trigger: 'manual' as const, attempt: 1, log: pino({ level: 'silent' }), signal: new AbortController().signal };
      await expect(job.run(ctx)).rejects.toThrow(/failed verification.*t_edit\.note-1@1: HASH_MISMATCH/);
      expect(readdirSync(backupDirectory(temp.dir))).toEqual([]);
    } finally {
      await temp.dispose();
    }
  });

  it('is not scheduled when events live in EventStoreDB, and says so', () => {
    const { log, lines } = capturedLog();
    const config = loadConfig({ EVENTSTORE_URL: 'esdb://localhost:2113?tls=false' });
    const store = {} as EventStore; // never called: only the list of jobs is built
    const readStore = {} as ReadStore;
    const names = allJobs({ config, store, readStore, log }).map((j) => j.name);
    expect(names).toEqual(['purge-sessions', 'close-business-days', 'daily-export']);
    expect(lines().some((l) => String(l.msg).startsWith('backup job not scheduled'))).toBe(true);
  });
});
