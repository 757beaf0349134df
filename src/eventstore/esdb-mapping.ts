/**
 * Helpers of the EventStoreDB adapter that need no server: translations between our types and
 * the client's shapes, and pulling from a client stream. No client import here (DESIGN: every
 * client call in one file); the shapes are structural, so tsc checks them where the adapter
 * passes the client's own values in.
 */
import type { Readable } from 'node:stream';
import { position, revision, type ExpectedRevision, type GlobalFilter, type JsonObject, type Position, type RecordedEvent } from './types';

/** The client's `{ commit, prepare }` position in `$all`. */
export interface AllPosition {
  commit: bigint;
  prepare: bigint;
}

/** What the client hands us for one stored event (its `RecordedEvent`). */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata?: unknown;
  position?: AllPosition;
}

/** Same values as the client's ANY / NO_STREAM / STREAM_EXISTS constants. */
export type ClientExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export function toClientExpectedRevision(expected: ExpectedRevision): ClientExpectedRevision {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    default:
      return BigInt(expected);
  }
}

/**
 * Our Position is the commit part of an ESDB position. Every event appended through gRPC is
 * "self-committed" (implicit transaction): the server reports it at (commit, prepare) =
 * (its log position, its log position), so commit alone is unique per event and
 * `{ commit: p, prepare: p }` is exactly the event at p. The limit: events of legacy explicit
 * (TCP) transactions share one commit position; resuming from such a position would skip the
 * rest of that transaction. We never write those. 0 (or nothing) means the start of the log.
 */
export function toAllPosition(from: Position | undefined): AllPosition | 'start' {
  if (from === undefined || from <= 0n) return 'start';
  return { commit: from, prepare: from };
}

/** Exclusive resume: reads from a position may include the event at it (readAll does), so drop it. */
export function isAfter(candidate: Position, from: Position | undefined): boolean {
  return from === undefined || from <= 0n || candidate > from;
}

/** System streams (`$…`, `$$…` metadata) and system event types (`$>` links, `$metadata`, …). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function matchesFilter(event: { streamId: string; type: string }, filter: GlobalFilter | undefined): boolean {
  if (filter?.streamPrefix && !event.streamId.startsWith(filter.streamPrefix)) return false;
  const types = filter?.eventTypes;
  return !types || types.length === 0 || types.includes(event.type);
}

/** Data and metadata we write are JSON objects; anything else (binary, foreign writers) reads as {}. */
function asJsonObject(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as JsonObject) : {};
}

export function toRecordedEvent(event: ClientRecordedEvent, commitPosition?: bigint): RecordedEvent {
  return {
    id: event.id,
    stream: event.streamId,
    revision: revision(event.revision),
    position: position(event.position?.commit ?? commitPosition ?? 0n),
    type: event.type,
    data: asJsonObject(event.data),
    metadata: asJsonObject(event.metadata),
    // The client turns the server's 100 ns ticks into a Date (millisecond precision).
    created: event.created.toISOString(),
  };
}

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/** 100 ms doubling to 5 s, each wait drawn from its upper half so reconnecting clients spread out. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Pulls one item at a time (so the server is held back by a slow consumer), without the stream's
 * own async iterator: the client reports a failed call by emitting 'error' without destroying
 * the stream, and that iterator listens only from its first next(): an early failure would
 * crash the process (no listener), then leave the iterator waiting forever. Buffered items are
 * handed out before the failure.
 */
export function pullFrom<T>(readable: Readable): () => Promise<T | undefined> {
  let failure: unknown;
  let ended = false;
  let wake: (() => void) | undefined;
  const notify = () => wake?.();
  readable.on('readable', notify);
  readable.on('end', () => ((ended = true), notify()));
  readable.on('close', () => ((ended = true), notify()));
  readable.on('error', (error) => ((failure ??= error), notify()));
  return async () => {
    for (;;) {
      const item: T | null = readable.read();
      if (item !== null) return item;
      if (failure !== undefined) throw failure;
      if (ended) return undefined;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  };
}
