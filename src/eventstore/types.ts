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

export interface AppendResult {
  /** Revision of the last event now in the stream. */
  nextExpectedRevision: Revision;
  /** Global position of the last event appended. */
  position: Position;
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
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the newest event in the global log (0 when empty). */
  headPosition(): Promise<Position>;
  /** Cheap liveness check for /ready. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
