/**
 * EventStore on EventStoreDB / KurrentDB through `@eventstore/db-client` 6.x. Every client import
 * lives in this file, so moving to `@kurrent/kurrentdb-client` is a one-file change.
 */
import type { Readable } from 'node:stream';
import {
  BACKWARDS, CancelledError, DeadlineExceededError, END, EventStoreDBClient, FORWARDS, NotLeaderError, START, StreamDeletedError,
  StreamNotFoundError, TimeoutError, UnavailableError, WrongExpectedVersionError, convertToCommandError, eventTypeFilter,
  excludeSystemEvents, jsonEvent, streamNameFilter, type AllStreamResolvedEvent, type Filter,
} from '@eventstore/db-client';
import { isDeletableStream } from './deletable-streams';
import { EventStoreUnavailableError, StreamDeletedError as DeletedStreamError, StreamNotDeletableError, WrongExpectedRevisionError } from './errors';
import { subscriptionHandle } from './subscription-handle';
import {
  backoffDelay, isAfter, isSystemEvent, matchesFilter, messageOf, pullFrom, toAllPosition, toClientExpectedRevision, toRecordedEvent,
  type AllPosition,
} from './esdb-mapping';
import { position, revision, type EventStore, type GlobalFilter, type Position, type RecordedEvent, type SubscribeOptions, type Subscription } from './types';

/** The part of a pino logger we use: a dropped subscription is retried, and someone should see why. */
export interface WarnLogger {
  warn(details: object, message: string): void;
}

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  logger?: WarnLogger;
}

const READ_ALL_DEFAULT_MAX = 1000; // same default page as the SQLite adapter
const PAGE_SIZE = 1000;
const HEAD_PAGE = 32;
const PING_TIMEOUT_MS = 5_000;
const UNAVAILABLE = [UnavailableError, DeadlineExceededError, TimeoutError, CancelledError, NotLeaderError];

export function createEsdbEventStore(options: EsdbEventStoreOptions): EventStore {
  // With throwOnAppendFailure=false, 6.2.1 reports a wrong actual revision (DESIGN, EventStoreDB notes).
  if (/[?&]throw[-_]?on[-_]?append[-_]?failure=false/i.test(options.connectionString)) {
    throw new Error('EventStoreDB connection string must not set throwOnAppendFailure=false');
  }
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const subscriptions = new Set<Subscription>();

  return {
    async appendToStream(stream, events, { expectedRevision }) {
      try {
        const result = await client.appendToStream(
          stream,
          events.map(({ id, type, data, metadata }) => jsonEvent({ id, type, data, metadata })),
          { expectedRevision: toClientExpectedRevision(expectedRevision) },
        );
        // The server answers with the (commit, prepare) of the last event written.
        return { nextExpectedRevision: revision(result.nextExpectedRevision), position: position(result.position?.commit ?? 0n) };
      } catch (error) {
        const converted = toCommandError(error);
        if (converted instanceof WrongExpectedVersionError) {
          throw new WrongExpectedRevisionError(stream, expectedRevision, converted.actualVersion);
        }
        if (converted instanceof StreamDeletedError) throw new DeletedStreamError(stream);
        throw toStoreError(converted);
      }
    },

    // A tombstone (hard delete), not a soft delete: a soft-deleted stream comes back on the next
    // append, and a purged sign-in must never come back. $all shows its events until a scavenge.
    async deleteStream(stream, { expectedRevision }) {
      if (!isDeletableStream(stream)) throw new StreamNotDeletableError(stream);
      try {
        await client.tombstoneStream(stream, { expectedRevision: BigInt(expectedRevision) });
      } catch (error) {
        const converted = toCommandError(error);
        if (converted instanceof WrongExpectedVersionError) {
          throw new WrongExpectedRevisionError(stream, expectedRevision, converted.actualVersion);
        }
        if (converted instanceof StreamDeletedError) throw new DeletedStreamError(stream);
        throw toStoreError(converted);
      }
    },

    async readStream(stream, readOptions = {}) {
      const maxCount = readOptions.maxCount ?? Number.MAX_SAFE_INTEGER;
      if (maxCount <= 0) return [];
      const backwards = readOptions.direction === 'backwards';
      try {
        const read = client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          // The client defaults to START even backwards, which would read only event 0.
          fromRevision: readOptions.fromRevision ?? (backwards ? END : START),
          maxCount,
        });
        const events: RecordedEvent[] = [];
        for (const { event, commitPosition } of await collect(read)) if (event) events.push(toRecordedEvent(event, commitPosition));
        return events;
      } catch (error) {
        const converted = toCommandError(error);
        if (converted instanceof StreamNotFoundError || converted instanceof StreamDeletedError) return [];
        throw toStoreError(converted);
      }
    },

    // 6.x has no server-side filter for readAll: page forwards and filter here. A tenant's
    // history thus scans the whole log; subscribeToAll (filtered on the server) is the cheap way.
    async readAll(readOptions = {}) {
      const maxCount = readOptions.maxCount ?? READ_ALL_DEFAULT_MAX;
      const filter = readOptions.filter;
      const filtering = Boolean(filter?.streamPrefix || filter?.eventTypes?.length);
      const found: RecordedEvent[] = [];
      let cursor: Position | undefined = readOptions.fromPosition;
      try {
        while (found.length < maxCount) {
          // +1: a read from a position returns the event at it again (dropped by isAfter).
          const pageSize = filtering ? PAGE_SIZE : Math.min(PAGE_SIZE, maxCount - found.length + 1);
          const page = await collect(client.readAll({ direction: FORWARDS, fromPosition: toAllPosition(cursor), maxCount: pageSize }));
          const before = cursor;
          for (const { event } of page) {
            if (!event || !isAfter(position(event.position.commit), cursor)) continue;
            cursor = position(event.position.commit);
            if (isSystemEvent(event) || !matchesFilter(event, filter)) continue;
            found.push(toRecordedEvent(event));
            if (found.length >= maxCount) break;
          }
          if (page.length < pageSize || cursor === before) break;
        }
        return found;
      } catch (error) {
        throw toStoreError(toCommandError(error));
      }
    },

    subscribeToAll(subscribeOptions = {}) {
      const subscription = superviseSubscription(client, subscribeOptions, options.logger, () => subscriptions.delete(subscription));
      subscriptions.add(subscription);
      return subscription;
    },

    async headPosition() {
      let from: AllPosition | 'end' = END;
      try {
        // The newest events may be system ones ($metadata, …): walk back to the newest of ours.
        for (;;) {
          const page: AllStreamResolvedEvent[] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount: HEAD_PAGE }));
          const ours = page.find(({ event }) => event && !isSystemEvent(event));
          if (ours?.event) return position(ours.event.position.commit);
          const oldest = page.at(-1)?.event?.position;
          if (page.length < HEAD_PAGE || !oldest || (from !== END && oldest.commit >= from.commit)) return position(0);
          from = oldest;
        }
      } catch (error) {
        throw toStoreError(toCommandError(error));
      }
    },

    async ping() {
      const read = client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
      });
      try {
        await Promise.race([collect(read), timeout]);
      } catch (error) {
        void read.cancel().catch(() => undefined);
        throw new EventStoreUnavailableError(`EventStoreDB is not reachable: ${messageOf(error)}`, { cause: error });
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      // Close subscriptions first, so their supervisors do not resubscribe on the dying client.
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await client.dispose();
    },
  };
}

/** Starts iterating at once: the client reports a failed call as an 'error' event soon after. */
async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}

function toCommandError(error: unknown): unknown {
  return error instanceof Error ? convertToCommandError(error) : error;
}

function toStoreError(error: unknown): unknown {
  const unreachable = UNAVAILABLE.some((type) => error instanceof type) || (error instanceof Error && error.message.startsWith('Failed to discover'));
  return unreachable ? new EventStoreUnavailableError(`EventStoreDB unavailable: ${messageOf(error)}`, { cause: error }) : error;
}

/**
 * Server-side filter: by stream prefix when given (types are then checked here), else by types,
 * else no system event types. Its checkpoint messages never reach the stream: we pass no
 * checkpointReached callback, so the client drops them.
 */
function serverFilter(filter: GlobalFilter | undefined): Filter {
  if (filter?.streamPrefix) return streamNameFilter({ prefixes: [filter.streamPrefix] });
  // Type *prefixes* on the server: 'Paid' also passes 'PaidBack'; matchesFilter keeps exact types.
  if (filter?.eventTypes?.length) return eventTypeFilter({ prefixes: [...filter.eventTypes] });
  return excludeSystemEvents();
}

interface Attempt {
  stream: Readable & { unsubscribe(): Promise<void> };
  next: () => Promise<AllStreamResolvedEvent | undefined>;
}

/**
 * A catch-up subscription that survives drops: the client never resubscribes, so on error or end
 * we back off (jittered, 100 ms doubling to 5 s) and subscribe again from the last event pulled,
 * dropping anything at or before it: nothing missed, nothing twice. Filtered subscriptions'
 * checkpoints are not used as resume points (one once ran ahead of the last event: KurrentDB#4970).
 */
function superviseSubscription(client: EventStoreDBClient, options: SubscribeOptions, logger: WarnLogger | undefined, onClose: () => void): Subscription {
  const filter = options.filter;
  let last = options.fromPosition;
  let closed = false;
  let current: Attempt | undefined;
  let wakeFromBackoff: (() => void) | undefined;
  let markCaughtUp!: () => void;
  const caughtUp = new Promise<void>((resolve) => (markCaughtUp = resolve));
  // Events the client had buffered when it said "caught up"; caughtUp resolves once the
  // consumer has been handed all of them, so history is delivered, not just received.
  let aheadOfSignal: number | undefined;
  let consumerWaiting = false;

  function subscribe(): Attempt {
    const stream = client.subscribeToAll({ fromPosition: toAllPosition(last), filter: serverFilter(filter) });
    const attempt: Attempt = { stream, next: pullFrom<AllStreamResolvedEvent>(stream) };
    stream.on('caughtUp', () => {
      if (current !== attempt || aheadOfSignal !== undefined) return;
      aheadOfSignal = stream.readableLength;
      if (aheadOfSignal === 0 && consumerWaiting) markCaughtUp();
    });
    return attempt;
  }

  async function drop(): Promise<void> {
    const attempt = current;
    current = undefined;
    aheadOfSignal = undefined; // the next subscription signals again
    if (!attempt) return;
    attempt.stream.destroy();
    await attempt.stream.unsubscribe().catch(() => undefined); // cancels the gRPC call
  }

  async function* events(): AsyncGenerator<RecordedEvent> {
    let failures = 0;
    try {
      while (!closed) {
        if (aheadOfSignal === 0) markCaughtUp();
        current ??= subscribe();
        let resolved: AllStreamResolvedEvent | undefined;
        consumerWaiting = true;
        try {
          resolved = await current.next();
          if (!resolved) throw new Error('subscription ended');
        } catch (error) {
          consumerWaiting = false;
          if (closed) return;
          logger?.warn({ err: error, lastPosition: last?.toString(), failures }, 'EventStoreDB subscription dropped; resubscribing');
          await drop();
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, backoffDelay(failures++));
            wakeFromBackoff = () => (clearTimeout(timer), resolve());
          });
          continue;
        }
        consumerWaiting = false;
        failures = 0;
        if (aheadOfSignal) aheadOfSignal--;
        const event = resolved.event;
        if (!event || !isAfter(position(event.position.commit), last)) continue;
        last = position(event.position.commit);
        if (isSystemEvent(event) || !matchesFilter(event, filter)) continue;
        yield toRecordedEvent(event);
      }
    } finally {
      consumerWaiting = false;
      await close(); // a consumer that breaks out of `for await` ends the subscription
    }
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    markCaughtUp(); // as the SQLite adapter: nobody waits forever on a closed subscription
    wakeFromBackoff?.();
    await drop();
    onClose();
  }

  return subscriptionHandle({ caughtUp, events, close });
}
