import type { Logger } from 'pino';
import { startWalCheckpoints } from './sqlite-checkpoints';
import { createChangeFeed } from './sqlite-change-feed';
import { openSqliteDatabase, pragmaOnce, type SqliteDatabase } from './sqlite-database';
import { createLogTail } from './sqlite-log-tail';
import { createEventQueries, type EventQueries } from './sqlite-queries';
import { migrateEventStore } from './sqlite-schema';
import { createStreamWatch } from './sqlite-stream-watch';
import { createSqliteSubscription } from './sqlite-subscription';
import { nextTurn, writeIfFree } from './sqlite-write-turn';
import { createWalSync } from './wal-sync';
import { isDeletableStream } from './deletable-streams';
import { EventStoreUnavailableError, StreamDeletedError, StreamNotDeletableError, WrongExpectedRevisionError } from './errors';
import {
  position,
  revision,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
} from './types';

export interface SqliteEventStoreOptions {
  /** A file path, or an already opened database (to share the file with the read models). */
  file?: string;
  db?: SqliteDatabase;
  /** How often a live subscription checks for commits made by other processes. */
  pollIntervalMs?: number;
  /** Checkpoint the WAL on a thread of its own (sqlite-checkpoints.ts), for the process that serves appends. */
  checkpointThread?: { log?: Logger; intervalMs?: number };
  /** How many of the newest events live subscriptions share, read once (sqlite-log-tail.ts). */
  tailCapacity?: number;
}

interface PendingAppend {
  /** When it was asked for (Date.now()): how long it may wait for the write lock runs from here. */
  since: number;
  stream: string;
  events: readonly EventToAppend[];
  expected: ExpectedRevision;
  resolve: (result: AppendResult) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: AppendResult } | { error: unknown };

const NO_STREAM = -1;

function matches(expected: ExpectedRevision, current: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no_stream') return current === NO_STREAM;
  if (expected === 'stream_exists') return current !== NO_STREAM;
  return BigInt(current) === expected;
}

function wrongRevision(stream: string, expected: ExpectedRevision, current: number): WrongExpectedRevisionError {
  return new WrongExpectedRevisionError(stream, expected, current === NO_STREAM ? 'no_stream' : BigInt(current));
}

/**
 * Is this append a retry of one already stored? As in EventStoreDB, the same event ids found
 * where the append would have put them (right after the expected revision; anywhere in the
 * stream for `any` / `stream_exists`) answer what the first append answered, appending nothing.
 */
function replayOf(queries: EventQueries, stream: string, events: readonly EventToAppend[], expected: ExpectedRevision): AppendResult | undefined {
  let firstRevision: number;
  if (expected === 'any' || expected === 'stream_exists') {
    const found = queries.findInStream(stream, events[0]!.id);
    if (!found) return undefined;
    firstRevision = found.revision;
  } else {
    firstRevision = expected === 'no_stream' ? 0 : Number(expected) + 1;
  }
  const stored = queries.idsFrom(stream, firstRevision, events.length);
  if (stored.length !== events.length || stored.some((row, i) => row.id !== events[i]!.id)) return undefined;
  const last = stored[stored.length - 1]!;
  return { nextExpectedRevision: revision(last.revision), position: position(last.position), alreadyStored: true };
}

function appendOne(queries: EventQueries, pending: PendingAppend, created: string): Outcome {
  const { stream, events, expected } = pending;
  const last = queries.lastOf(stream);
  const current = last?.revision ?? NO_STREAM;
  // An exact revision that still matches cannot be a retry of a stored append: skip the look-up.
  const mayBeRetry = current !== NO_STREAM && events.length > 0 && (expected === 'any' || expected === 'stream_exists' || !matches(expected, current));
  const retried = mayBeRetry ? replayOf(queries, stream, events, expected) : undefined;
  if (retried) return { ok: retried };
  // Only a stream with no events can be a deleted one: creating a stream pays one look-up, nothing else does.
  if (current === NO_STREAM && queries.isDeleted(stream)) return { error: new StreamDeletedError(stream) };
  if (!matches(expected, current)) return { error: wrongRevision(stream, expected, current) };
  let lastPosition = last?.position ?? 0;
  events.forEach((event, i) => {
    lastPosition = queries.insert({
      id: event.id,
      stream,
      revision: current + 1 + i,
      type: event.type,
      data: event.json?.data ?? JSON.stringify(event.data),
      metadata: event.json?.metadata ?? JSON.stringify(event.metadata),
      created,
    });
  });
  return { ok: { nextExpectedRevision: revision(current + events.length), position: position(lastPosition), alreadyStored: false } };
}

/**
 * Embedded event store on one SQLite file. Appends that arrive while a commit is being written
 * are queued and committed together in one transaction — one fsync for all of them (group
 * commit) — each still checked against its own expected revision, so durable throughput grows
 * with the number of concurrent writers.
 */
export interface SqliteEventStore extends EventStore {
  db: SqliteDatabase;
  /** Appends answered and transactions committed since start: their ratio is the group-commit factor. */
  stats(): { appends: number; commits: number };
}

export function createSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const ownsDb = !options.db;
  const db = options.db ?? openSqliteDatabase(options.file ?? ':memory:');
  migrateEventStore(db);
  const checkpoints = options.checkpointThread && !db.memory ? startWalCheckpoints(db, options.checkpointThread) : undefined;
  const queries = createEventQueries(db);
  const tail = createLogTail(queries, options.tailCapacity ?? 2048);
  // Durable before answered, with the WAL's fsync off this thread (wal-sync.ts).
  const walSync = db.memory ? undefined : createWalSync(`${db.name}-wal`);
  if (walSync) pragmaOnce(db, 'synchronous = NORMAL');
  const feed = createChangeFeed(db, options.pollIntervalMs ?? 10);
  const watch = createStreamWatch(db, options.pollIntervalMs ?? 10);
  let queue: PendingAppend[] = [];
  let scheduled = false;
  let closed = false;
  const counters = { appends: 0, commits: 0 };

  // Every check happens before any insert, so a refused append writes nothing and needs no
  // savepoint; appends earlier in the same batch are visible to the later ones.
  const commitBatch = db.transaction((batch: PendingAppend[]): { outcomes: Outcome[]; before: number; after: number } => {
    const created = new Date().toISOString();
    const before = queries.head();
    const outcomes = batch.map((pending) => appendOne(queries, pending, created));
    return { outcomes, before, after: queries.head() };
  });

  const deleteAt = db.transaction((stream: string, expected: bigint) => {
    const current = queries.lastOf(stream)?.revision ?? NO_STREAM;
    if (current === NO_STREAM && queries.isDeleted(stream)) throw new StreamDeletedError(stream);
    if (BigInt(current) !== expected) throw wrongRevision(stream, revision(expected), current);
    queries.deleteStream(stream, current, new Date().toISOString());
  });

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => flush());
  }

  /** Commits what is queued; `wait` (deletes, close) waits for the write lock as SQLite does. */
  function flush(wait = false): void {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    // Another connection holding the write lock (the projection thread, another process) must not
    // stop this thread's event loop: the batch is tried again on a later turn (sqlite-write-turn.ts).
    const since = batch[0]!.since;
    let committed: ReturnType<typeof commitBatch> | 'busy';
    try {
      committed = wait ? commitBatch.immediate(batch) : writeIfFree(db, since, () => commitBatch.immediate(batch));
    } catch (error) {
      const failure = new EventStoreUnavailableError(`Event store write failed: ${(error as Error).message}`, { cause: error });
      for (const pending of batch) pending.reject(failure);
      return;
    }
    if (committed === 'busy') {
      queue = batch.concat(queue);
      scheduled = true;
      nextTurn(since, () => flush());
      return;
    }
    counters.commits += 1;
    counters.appends += batch.length;
    const { outcomes, before, after } = committed;
    watch.committed(
      batch.filter((_, i) => 'ok' in outcomes[i]!).map((pending) => pending.stream),
      { before, after },
    );
    afterSync((failure) => {
      if (failure) for (const pending of batch) pending.reject(failure);
      else outcomes.forEach((outcome, i) => ('ok' in outcome ? batch[i]!.resolve(outcome.ok) : batch[i]!.reject(outcome.error)));
    });
    feed.notify();
  }

  /** Calls back once what is committed so far is on disk (at once in memory), or with why not. */
  function afterSync(then: (failure?: EventStoreUnavailableError) => void): void {
    if (!walSync) return then();
    walSync.afterCommit((error) => then(error && new EventStoreUnavailableError(`Event store sync failed: ${error.message}`, { cause: error })));
  }

  return {
    db,
    stats: () => ({ ...counters }),
    appendToStream(stream, events, { expectedRevision }) {
      if (closed) return Promise.reject(new EventStoreUnavailableError('Event store is closed'));
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ since: Date.now(), stream, events, expected: expectedRevision, resolve, reject });
        schedule();
      });
    },
    async readStream(stream, readOptions = {}) {
      const max = readOptions.maxCount ?? Number.MAX_SAFE_INTEGER;
      if (readOptions.direction === 'backwards') {
        return queries.readStreamBackwards(stream, readOptions.fromRevision ?? BigInt(Number.MAX_SAFE_INTEGER), max);
      }
      return queries.readStreamForwards(stream, readOptions.fromRevision ?? 0n, max);
    },
    async readAll(readOptions = {}) {
      return queries.readAll(readOptions.fromPosition ?? position(0), readOptions.maxCount ?? 1000, readOptions.filter);
    },
    async readAllRaw(readOptions = {}) {
      return queries.readAllRaw(readOptions.fromPosition ?? position(0), readOptions.maxCount ?? 1000, readOptions.filter);
    },
    ...(db.memory ? {} : { file: db.name }),
    async readAllJson(readOptions) {
      return queries.readAllJson(readOptions.fromPosition ?? position(0), readOptions.maxCount ?? 1000, readOptions.terminator, readOptions.filter);
    },
    watchStreams: (listener) => watch.watch(listener),
    logGrew: () => feed.notify(),
    subscribeToAll(subscribeOptions = {}) {
      return createSqliteSubscription(tail, feed, subscribeOptions);
    },
    async deleteStream(stream, { expectedRevision }) {
      if (!isDeletableStream(stream)) throw new StreamNotDeletableError(stream);
      if (closed) throw new EventStoreUnavailableError('Event store is closed');
      flush(true); // appends asked for before the delete are committed before it
      try {
        deleteAt.immediate(stream, expectedRevision);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError || error instanceof StreamDeletedError) throw error;
        throw new EventStoreUnavailableError(`Event store write failed: ${(error as Error).message}`, { cause: error });
      }
      tail.reset();
      watch.committed([stream]);
      feed.notify();
      await new Promise<void>((resolve, reject) => afterSync((failure) => (failure ? reject(failure) : resolve())));
    },
    async headPosition() {
      return position(queries.head());
    },
    async ping() {
      queries.head();
    },
    async close() {
      if (closed) return;
      flush(true);
      closed = true;
      feed.close();
      watch.close();
      await walSync?.close();
      await checkpoints?.stop();
      if (ownsDb) db.close();
    },
  };
}
