import { GENESIS_HASH } from '../commands/hash-chain';
import { recomputeEventHash, sealedEventHash } from './event-hash';

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

interface Head {
  revision: bigint;
  hash: string;
}

/**
 * Checks a history fed to it in global order, event by event: per stream, revisions 0..n-1
 * without gaps, each prevHash the previous event's hash, each hash recomputed; positions strictly
 * increasing. The HTTP verify route and the offline file verifier both feed this one.
 * A stream may be `anchor`ed: its first event is taken as given (an export that starts mid-history).
 */
export function createChainVerifier() {
  const heads = new Map<string, Head>();
  let events = 0;
  let lastPosition = -1n;
  let firstBroken: BrokenLink | undefined;

  function broken(at: { stream: string; revision: bigint | string; position: bigint | string }, problem: BreakKind, detail: string): void {
    firstBroken ??= { stream: at.stream, revision: at.revision.toString(), position: at.position.toString(), problem, detail };
  }

  function check(event: ChainEvent, head: Head | undefined, anchor: boolean): [BreakKind, string] | undefined {
    if (event.position <= lastPosition) return ['POSITION_NOT_INCREASING', `position ${event.position} follows position ${lastPosition}`];
    if (!(head === undefined && anchor)) {
      const expected = head ? head.revision + 1n : 0n;
      if (event.revision !== expected) return ['REVISION_OUT_OF_SEQUENCE', `expected revision ${expected} here, found ${event.revision}: an event is missing or out of order`];
      const prevHash = head?.hash ?? GENESIS_HASH;
      if (event.metadata.prevHash !== prevHash) return ['PREV_HASH_MISMATCH', `prevHash is ${String(event.metadata.prevHash)}, the previous event's hash is ${prevHash}`];
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
      if (event.revision !== (head ? head.revision + 1n : 0n)) return false;
      const hash = sealedEventHash(head?.hash ?? GENESIS_HASH, event.type, event.data, event.metadata);
      if (hash === undefined) return false;
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
    report(): VerifyReport {
      return { ok: firstBroken === undefined, streams: heads.size, events, ...(firstBroken ? { firstBroken } : {}) };
    },
  };
}

export type ChainVerifier = ReturnType<typeof createChainVerifier>;
