/** Branded primitives: a stream revision can never be passed where a global position is meant. */
export type Revision = bigint & { readonly __brand: 'Revision' };
export type Position = bigint & { readonly __brand: 'Position' };

export const revision = (value: bigint | number): Revision => BigInt(value) as Revision;
export const position = (value: bigint | number): Position => BigInt(value) as Position;

/** Expected state of a stream for an append (mirrors EventStoreDB). */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | Revision;

export type JsonObject = { [key: string]: unknown };

/** An event about to be appended. `id` is a UUID; the same id at the same place is a no-op. */
export interface EventToAppend {
  id: string;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /**
   * The JSON text to store for data and metadata, when the writer has it (the command pipeline
   * does: the canonical text its hash chain covers). It must parse to `data` and `metadata`.
   */
  json?: { data: string; metadata: string };
}

/** An event as stored: where it sits in its stream and in the global log. */
export interface RecordedEvent {
  id: string;
  stream: string;
  revision: Revision;
  position: Position;
  type: string;
  data: JsonObject;
  metadata: JsonObject;
  /** When the store recorded it (ISO-8601). */
  created: string;
}

/**
 * An event as stored, with `data` and `metadata` as the stored JSON text (not parsed): what
 * copies the history byte for byte (audit pages, exports) reads, skipping a parse and a stringify.
 */
export interface RawRecordedEvent {
  id: string;
  stream: string;
  revision: Revision;
  position: Position;
  type: string;
  /** JSON text of the data object. */
  data: string;
  /** JSON text of the metadata object. */
  metadata: string;
  created: string;
}

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: Revision;
  /** Global position of the last event appended. */
  position: Position;
  /**
   * True when the store recognised the events (by id, where they would go) as already stored and
   * appended nothing; undefined when the store cannot tell (EventStoreDB answers a retry as if it
   * had appended).
   */
  alreadyStored?: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive start; defaults to the first (forwards) or last (backwards) event. */
  fromRevision?: Revision;
  maxCount?: number;
}

export interface GlobalFilter {
  /** Only streams whose name starts with this (e.g. `t_123.` for one tenant's history). */
  streamPrefix?: string;
  /** Only these event types. */
  eventTypes?: readonly string[];
}

/** A page of the log as JSON bytes (EventStore.readAllJson). */
export interface JsonPage {
  events: number;
  /** Of the page's last event; undefined when the page is empty. */
  lastPosition?: Position;
  json: Buffer;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  fromPosition?: Position;
  maxCount?: number;
  filter?: GlobalFilter;
}

export interface SubscribeOptions {
  /** Exclusive, as EventStoreDB's `fromPosition`. Omit to start at the beginning. */
  fromPosition?: Position;
  filter?: GlobalFilter;
}

/**
 * A catch-up subscription: history first, then live events, in global order, each once.
 * Iterate it with `for await`; `close()` ends the iteration.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Resolves once the subscription has delivered all history and is live (it advances only while iterated). */
  readonly caughtUp: Promise<void>;
  close(): Promise<void>;
}

export interface EventStore {
  appendToStream(stream: string, events: readonly EventToAppend[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;
  /** Events of one stream; an unknown stream yields an empty list. */
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** A page of the global log in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /**
   * Optional: the same page as `readAll`, with data and metadata left as stored JSON text.
   * Adapters that cannot do better leave it out; callers fall back to `readAll` (src/audit/raw-read.ts).
   */
  readAllRaw?(options?: ReadAllOptions): Promise<RawRecordedEvent[]>;
  /**
   * Optional: the same page as UTF-8 JSON, one object per event in the shape of
   * src/audit/audit-event.ts rawAuditEventJson, each followed by `terminator` — built by the store
   * in one piece (audit pages and exports send it on untouched). Callers fall back to `readAllRaw`.
   */
  readAllJson?(options: ReadAllOptions & { terminator: string }): Promise<JsonPage>;
  /**
   * Optional: the SQLite file holding the events, which other threads of this process may open
   * read-only to share a long read (the embedded store; src/audit/parallel-verify.ts).
   */
  readonly file?: string;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /**
   * Optional: calls `listener` with the streams that received events — this process's appends as
   * they commit, other processes' within a few milliseconds — until the returned function is
   * called. Lets a cache of folded streams skip re-reading streams nobody wrote to.
   */
  watchStreams?(listener: (streams: Iterable<string>) => void): () => void;
  /**
   * Optional: told that another connection of this process has just appended, so live
   * subscriptions read on at once instead of at their next look at the file (the embedded store,
   * whose projections run on a thread of their own; src/projections/projection-thread.ts).
   */
  logGrew?(): void;
  /**
   * Deletes a whole stream for good (EventStoreDB: a tombstone) if it is still at `expectedRevision`:
   * it then reads as empty and can never be written again. Only streams `isDeletableStream` allows
   * (ended sign-in sessions; docs/DECISIONS.md); any other is refused with StreamNotDeletableError.
   */
  deleteStream(stream: string, options: { expectedRevision: Revision }): Promise<void>;
  /** Position of the newest event in the global log (0 when empty). */
  headPosition(): Promise<Position>;
  /** Cheap liveness check for /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
