import { type EventStore, type Position, type RawRecordedEvent } from '../eventstore/types';
import { rawAuditEventJson } from './audit-event';
import { readJsonPage, readRawPage, tenantFilter } from './raw-read';

export interface HistoryQuery {
  tenantId: string;
  /** Exclusive. */
  fromPosition: Position;
  limit: number;
  types?: readonly string[];
  /** ISO-8601 bounds on the recorded time (`created`), both inclusive. */
  from?: string;
  to?: string;
}

export interface HistoryPage {
  events: RawRecordedEvent[];
  /** Pass it as `fromPosition` for the next page: the last position this page looked at. */
  nextPosition: Position;
  /** False once the page reached the end of the history as it stood. */
  hasMore: boolean;
}

/** A time window over a long history is scanned this many events per request at most; `nextPosition` resumes the scan. */
const SCAN_BUDGET = 50_000;

const toIso = (value: string | undefined): string | undefined => (value === undefined ? undefined : new Date(value).toISOString());

/**
 * One page of a tenant's history in global order. Tenant and types are filtered by the store;
 * the time window here (recorded times are not indexed), within a bounded scan.
 */
export async function readHistoryPage(store: EventStore, query: HistoryQuery): Promise<HistoryPage> {
  const filter = tenantFilter(query.tenantId, { eventTypes: query.types });
  const from = toIso(query.from);
  const to = toIso(query.to);
  if (from === undefined && to === undefined) {
    // One more than asked says whether there is more without another round trip.
    const page = await readRawPage(store, { fromPosition: query.fromPosition, maxCount: query.limit + 1, filter });
    const events = page.slice(0, query.limit);
    return { events, nextPosition: events.at(-1)?.position ?? query.fromPosition, hasMore: page.length > query.limit };
  }
  const events: RawRecordedEvent[] = [];
  let cursor = query.fromPosition;
  let scanned = 0;
  const chunk = Math.max(query.limit, 1000);
  for (;;) {
    const page = await readRawPage(store, { fromPosition: cursor, maxCount: chunk, filter });
    for (const event of page) {
      cursor = event.position;
      scanned += 1;
      if ((from === undefined || event.created >= from) && (to === undefined || event.created <= to)) events.push(event);
      if (events.length === query.limit || scanned >= SCAN_BUDGET) return { events, nextPosition: cursor, hasMore: true };
    }
    if (page.length < chunk) return { events, nextPosition: cursor, hasMore: false };
  }
}

/** A page as the audit API sends it: the events as a JSON array's elements (rawAuditEventJson, comma-separated). */
export interface HistoryJsonPage {
  /** The array's elements, without the brackets. */
  events: Buffer;
  nextPosition: Position;
  hasMore: boolean;
}

/**
 * readHistoryPage as JSON bytes. Without a time window the store builds the page (readAllJson)
 * and one more one-event read says whether there is more; with one, the page is read and written here.
 */
export async function readHistoryJsonPage(store: EventStore, query: HistoryQuery): Promise<HistoryJsonPage> {
  if (query.from !== undefined || query.to !== undefined) {
    const page = await readHistoryPage(store, query);
    return { events: Buffer.from(page.events.map(rawAuditEventJson).join(',')), nextPosition: page.nextPosition, hasMore: page.hasMore };
  }
  const filter = tenantFilter(query.tenantId, { eventTypes: query.types });
  const page = await readJsonPage(store, { fromPosition: query.fromPosition, maxCount: query.limit, filter, terminator: ',' });
  const nextPosition = page.lastPosition ?? query.fromPosition;
  const hasMore = page.events === query.limit && (await readRawPage(store, { fromPosition: nextPosition, maxCount: 1, filter })).length > 0;
  return { events: page.json.subarray(0, Math.max(0, page.json.length - 1)), nextPosition, hasMore };
}
