import type { EventQueries } from './sqlite-queries';
import { position, type GlobalFilter, type Position, type RecordedEvent } from './types';

/** A page of a subscription: its events, how far the log was looked at, and whether to read on at once. */
export interface TailPage {
  events: RecordedEvent[];
  /** Every wanted event up to here is in `events` (or was before the page); nothing at or below it can still appear. */
  upTo: Position;
  /** The page was full, or the log goes on past `upTo`: read the next page before waiting. */
  more: boolean;
}

/**
 * The newest events of the log, read and parsed once for every live subscription of a store.
 * The projections follow the log together (orders, kitchen queue, reports …): each used to read
 * and parse each new event itself, and to query the log on every wake-up even when nothing new
 * was of its types. Now one unfiltered read brings the window up to the head, and each
 * subscription picks its events from the window in memory. A subscription further behind than
 * the window (a catch-up, a rebuild) or filtered by stream prefix reads the log itself.
 *
 * The window holds every event in (start, end] — writes are serialised, so nothing at or below
 * a head read before a page can still appear — keeping between `capacity` and twice as many.
 * Events are shared between subscribers, which treat them as read-only (projections are pure).
 */
export function createLogTail(queries: EventQueries, capacity: number) {
  let window: RecordedEvent[] = [];
  let start = -1; // unset until the first read: the window then begins at the head
  let end = -1;
  let lagging = false; // the last refresh stopped short of the head

  /** Brings the window up to the head, or `capacity` events nearer to it. */
  function refresh(): void {
    const head = queries.head();
    if (start < 0) start = end = head;
    if (head <= end) return;
    const fresh = queries.readAll(position(end), capacity);
    for (const event of fresh) window.push(event);
    lagging = fresh.length === capacity;
    // The page may hold events committed after the head was read (another connection's): the
    // window then reaches its last event, so the next refresh reads after it, not again.
    const last = fresh.length > 0 ? Number(fresh[fresh.length - 1]!.position) : end;
    end = lagging ? last : Math.max(head, last);
    if (window.length >= 2 * capacity) {
      const drop = window.length - capacity;
      start = Number(window[drop - 1]!.position);
      window = window.slice(drop);
    }
  }

  return {
    read(after: Position, max: number, filter?: GlobalFilter): TailPage {
      refresh();
      const from = Number(after);
      if (filter?.streamPrefix || from < start || from > end) {
        // Everything up to the window's end was committed before this read: a short page covers it.
        const events = queries.readAll(after, max, filter);
        return { events, upTo: events.length === max ? events[max - 1]!.position : position(end), more: events.length === max };
      }
      const types = filter?.eventTypes && filter.eventTypes.length > 0 ? filter.eventTypes : undefined;
      const events: RecordedEvent[] = [];
      let i = firstAfter(window, from);
      for (; i < window.length && events.length < max; i++) {
        const event = window[i]!;
        if (!types || types.includes(event.type)) events.push(event);
      }
      if (events.length === max) return { events, upTo: events[max - 1]!.position, more: true };
      return { events, upTo: position(end), more: lagging };
    },
    /** Forgets the window (a stream was deleted: its events must not be served from here). */
    reset(): void {
      window = [];
      start = end = -1;
      lagging = false;
    },
  };
}

/** The index of the first event after `from` (the window is in position order). */
function firstAfter(window: readonly RecordedEvent[], from: number): number {
  let low = 0;
  let high = window.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (Number(window[mid]!.position) <= from) low = mid + 1;
    else high = mid;
  }
  return low;
}

export type LogTail = ReturnType<typeof createLogTail>;
