import { GENESIS_HASH } from '../commands/hash-chain';
import { recomputeEventHash, recordedPrevHash, sealedEventHash } from './event-hash';

/** What the verifier needs of an event: where it sits, and its parsed data and metadata. */
export interface ChainEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** An event with data and metadata as stored: JSON text, or its UTF-8 bytes. */
export interface StoredChainEvent {
  stream: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: string | Buffer;
  metadata: string | Buffer;
}

export type BreakKind =
  /** The stream's revisions do not run 0, 1, 2 … in log order: an event was removed or moved. */
  | 'REVISION_OUT_OF_SEQUENCE'
  /** metadata.prevHash is not the hash of the stream's previous event: one was removed or replaced. */
  | 'PREV_HASH_MISMATCH'
  /** The hash recomputed from prevHash, type, data and metadata is not the one recorded: the event was edited. */
  | 'HASH_MISMATCH'
  /** Positions must strictly increase through the history. */
  | 'POSITION_NOT_INCREASING'
  /** The event could not be read at all (its stored JSON is damaged). */
  | 'UNREADABLE'
  /** An export file that is not whole: no header or trailer, a wrong count, a foreign or garbled line. */
  | 'MALFORMED_EXPORT';

export interface BrokenLink {
  stream: string;
  revision: string;
  position: string;
  problem: BreakKind;
  detail: string;
}

export interface VerifyReport {
  ok: boolean;
  streams: number;
  events: number;
  firstBroken?: BrokenLink;
}

export interface Head {
  revision: bigint;
  hash: string;
}

/** A stream's first event in a range of the history: what links it to the range before. */
export interface FirstLink {
  revision: bigint;
  position: bigint;
  /** Its prevHash as recorded. */
  prevHash: unknown;
  /** Where it sits in the range (events, or lines of a file, before it). */
  ordinal: number;
}

/** What a verifier of one range of the history hands on, for stitching (src/audit/parallel-verify.ts). */
export interface RangeReport {
  events: number;
  firstBroken?: BrokenLink;
  /** Where the first break sits in the range (as FirstLink.ordinal). */
  brokenOrdinal?: number;
  firsts: Map<string, FirstLink>;
  heads: Map<string, Head>;
}

/** Whether an event follows its stream's head (undefined: the stream's first event). */
export function linkProblem(event: { revision: bigint; prevHash: unknown }, head: Head | undefined): [BreakKind, string] | undefined {
  const expected = head ? head.revision + 1n : 0n;
  if (event.revision !== expected) return ['REVISION_OUT_OF_SEQUENCE', `expected revision ${expected} here, found ${event.revision}: an event is missing or out of order`];
  const prevHash = head?.hash ?? GENESIS_HASH;
  if (event.prevHash !== prevHash) return ['PREV_HASH_MISMATCH', `prevHash is ${String(event.prevHash)}, the previous event's hash is ${prevHash}`];
  return undefined;
}

/**
 * Checks a history fed to it in global order, event by event: per stream, revisions 0..n-1
 * without gaps, each prevHash the previous event's hash, each hash recomputed; positions strictly
 * increasing. The HTTP verify route and the offline file verifier both feed this one.
 * A stream may be `anchor`ed: its first event is taken as given (an export that starts mid-history).
 * With `range`, every stream is anchored at its first event and that event's link is kept for
 * `rangeReport`: one range of a history checked apart from the others, stitched afterwards.
 */
export function createChainVerifier(options: { range?: boolean; ordinal?: () => number } = {}) {
  const heads = new Map<string, Head>();
  const firsts = new Map<string, FirstLink>();
  const range = options.range ?? false;
  let events = 0;
  let lastPosition = -1n;
  let firstBroken: BrokenLink | undefined;
  let brokenOrdinal: number | undefined;
  /** Where the current event sits in its range: events before it, or what the caller counts (lines). */
  const ordinal = options.ordinal ?? (() => events);

  function broken(at: { stream: string; revision: bigint | string; position: bigint | string }, problem: BreakKind, detail: string): void {
    if (firstBroken) return;
    firstBroken = { stream: at.stream, revision: at.revision.toString(), position: at.position.toString(), problem, detail };
    brokenOrdinal = ordinal();
  }

  /** In a range, a stream's first event is linked afterwards: remember how. */
  function noteFirst(stream: string, event: { revision: bigint; position: bigint }, prevHash: unknown): void {
    if (range && !heads.has(stream)) firsts.set(stream, { revision: event.revision, position: event.position, prevHash, ordinal: ordinal() });
  }

  function check(event: ChainEvent, head: Head | undefined, anchor: boolean): [BreakKind, string] | undefined {
    if (event.position <= lastPosition) return ['POSITION_NOT_INCREASING', `position ${event.position} follows position ${lastPosition}`];
    if (!(head === undefined && (anchor || range))) {
      const problem = linkProblem({ revision: event.revision, prevHash: event.metadata.prevHash }, head);
      if (problem) return problem;
    }
    const recorded = event.metadata.hash;
    const prevHash = typeof event.metadata.prevHash === 'string' ? event.metadata.prevHash : '';
    if (typeof recorded !== 'string') return ['HASH_MISMATCH', 'the event has no hash'];
    const actual = recomputeEventHash(prevHash, event.type, event.data, event.metadata);
    if (actual !== recorded) return ['HASH_MISMATCH', `recorded hash ${recorded}, recomputed ${actual}: type, data or metadata were changed`];
    return undefined;
  }

  return {
    add(event: ChainEvent, options: { anchor?: boolean } = {}): void {
      // After the first break only counting goes on: the report names the first one.
      const problem = firstBroken ? undefined : check(event, heads.get(event.stream), options.anchor ?? false);
      if (problem) broken(event, ...problem);
      noteFirst(event.stream, event, event.metadata.prevHash);
      events += 1;
      if (event.position > lastPosition) lastPosition = event.position;
      heads.set(event.stream, { revision: event.revision, hash: typeof event.metadata.hash === 'string' ? event.metadata.hash : '' });
    },
    /**
     * Checks an event on its stored text when it was stored sealed (see sealedEventHash) and
     * holds: in sequence, linked to its stream's last hash, hashing to its recorded hash. False
     * (nothing recorded) otherwise: the caller parses it and hands it to `add`, which says why.
     */
    addSealed(event: StoredChainEvent): boolean {
      if (firstBroken || event.position <= lastPosition) return false;
      const head = heads.get(event.stream);
      // A range's first event of a stream follows the prevHash it records; the stitch checks that.
      const prevHash = head ? head.hash : range ? recordedPrevHash(event.metadata) : GENESIS_HASH;
      if (prevHash === undefined || (head && event.revision !== head.revision + 1n) || (!head && !range && event.revision !== 0n)) return false;
      const hash = sealedEventHash(prevHash, event.type, event.data, event.metadata);
      if (hash === undefined) return false;
      noteFirst(event.stream, event, prevHash);
      events += 1;
      lastPosition = event.position;
      heads.set(event.stream, { revision: event.revision, hash });
      return true;
    },
    /** An event that could not even be parsed. */
    unreadable(at: { stream: string; revision: bigint; position: bigint }, detail: string): void {
      broken(at, 'UNREADABLE', detail);
      events += 1;
      heads.set(at.stream, { revision: at.revision, hash: '' });
    },
    /** A problem of the whole file or history rather than one event (a truncated export, say). */
    fail(problem: BrokenLink): void {
      firstBroken ??= problem;
    },
    rangeReport(): RangeReport {
      return { events, firsts, heads, ...(firstBroken ? { firstBroken, brokenOrdinal } : {}) };
    },
    report(): VerifyReport {
      return { ok: firstBroken === undefined, streams: heads.size, events, ...(firstBroken ? { firstBroken } : {}) };
    },
  };
}

export type ChainVerifier = ReturnType<typeof createChainVerifier>;
