/**
 * How long the backup job holds up the thread that answers requests: fills a SQLite store with
 * 40,000 chained events (~34 MB), lets another connection write the file every 20 ms (as the
 * projection thread does), runs the backup job `runs` times and prints, per run, the job's time
 * and the longest gap between ticks of a 1 ms timer on this thread, then the medians.
 * Run: `node --import tsx scripts/bench/backup-pause.ts [runs=3]`.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { eventHash, GENESIS_HASH } from '../../src/commands/hash-chain';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import type { EventToAppend } from '../../src/eventstore/types';
import { createBackupJob } from '../../src/jobs/backup-job';
import { median } from './stats';
import { createTempDir } from './temp';

async function fill(store: ReturnType<typeof createSqliteEventStore>, streams: number, perStream: number): Promise<void> {
  const padding = 'x'.repeat(400);
  for (let s = 0; s < streams; s++) {
    let prevHash = GENESIS_HASH;
    const events: EventToAppend[] = Array.from({ length: perStream }, (_, i) => {
      const data = { n: i, note: `note ${s}/${i} ${padding}` };
      const metadata = { tenantId: 't_bench', actor: { userId: 'u_bench', role: 'owner' }, commandId: `c-${s}-${i}`, occurredAt: new Date().toISOString(), schemaVersion: 1, prevHash };
      prevHash = eventHash(prevHash, 'NoteWritten', data, metadata);
      return { id: randomUUID(), type: 'NoteWritten', data, metadata: { ...metadata, hash: prevHash } };
    });
    await store.appendToStream(`t_bench.note-${s}`, events, { expectedRevision: 'no_stream' });
  }
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  const temp = createTempDir();
  const store = createSqliteEventStore({ file: temp.file('pos.sqlite') });
  try {
    await fill(store, 400, 100);
    store.db.exec('CREATE TABLE scratch (n INTEGER)');
    const other = new Database(temp.file('pos.sqlite'));
    const insert = other.prepare('INSERT INTO scratch VALUES (?)');
    let n = 0;
    const writer = setInterval(() => insert.run(++n), 20);
    const job = createBackupJob({ file: store.db.name, dataDir: temp.file('.'), schedule: '* * * * *', keep: 1 });
    const results: { jobMs: number; longestPauseMs: number }[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      let last = started;
      let longest = 0;
      const tick = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 1);
      await job.run({ trigger: 'manual', attempt: 1, log: pino({ level: 'silent' }), signal: new AbortController().signal });
      const ended = performance.now();
      clearInterval(tick);
      longest = Math.max(longest, ended - last);
      results.push({ jobMs: Math.round(ended - started), longestPauseMs: Math.round(longest) });
      process.stdout.write(`run ${run + 1}: backup ${results[run]!.jobMs} ms, longest pause of this thread ${results[run]!.longestPauseMs} ms\n`);
    }
    clearInterval(writer);
    other.close();
    process.stdout.write(`median: backup ${median(results.map((r) => r.jobMs))} ms, longest pause ${median(results.map((r) => r.longestPauseMs))} ms\n`);
  } finally {
    await store.close();
    temp.dispose();
  }
}

void main();
