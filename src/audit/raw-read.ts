import { position, type EventStore, type JsonPage, type Position, type RawRecordedEvent, type ReadAllOptions } from '../eventstore/types';
import { rawAuditEventJson } from './audit-event';
import { tenantPrefix } from '../eventstore/stream-name';

/**
 * A page of the global log with data and metadata as JSON text. Uses the store's raw read when
 * it has one (no parse, no stringify); otherwise reads parsed events and serialises them again.
 */
export async function readRawPage(store: EventStore, options: ReadAllOptions): Promise<RawRecordedEvent[]> {
  if (store.readAllRaw) return store.readAllRaw(options);
  const events = await store.readAll(options);
  return events.map((e) => ({ ...e, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) }));
}

/**
 * A page of the global log as JSON bytes, each event as rawAuditEventJson writes it followed by
 * `terminator`: built by the store when it can, else from the raw page.
 */
export async function readJsonPage(store: EventStore, options: ReadAllOptions & { terminator: string }): Promise<JsonPage> {
  if (store.readAllJson) return store.readAllJson(options);
  const page = await readRawPage(store, options);
  const json = Buffer.from(page.map((event) => `${rawAuditEventJson(event)}${options.terminator}`).join(''));
  return { events: page.length, ...(page.length > 0 ? { lastPosition: page[page.length - 1]!.position } : {}), json };
}

export interface TenantHistoryOptions {
  /** Exclusive, as everywhere in the log. */
  fromPosition?: Position;
  eventTypes?: readonly string[];
  pageSize?: number;
}

/** A tenant's events, of the given types when there are any. */
export const tenantFilter = (tenantId: string, options: { eventTypes?: readonly string[] } = {}) => ({
  streamPrefix: tenantPrefix(tenantId),
  ...(options.eventTypes?.length ? { eventTypes: options.eventTypes } : {}),
});

/** One tenant's whole history, in global order, page by page (raw). */
export async function* tenantHistoryPages(store: EventStore, tenantId: string, options: TenantHistoryOptions = {}): AsyncGenerator<RawRecordedEvent[]> {
  const pageSize = options.pageSize ?? 5000;
  const filter = tenantFilter(tenantId, options);
  let from = options.fromPosition ?? position(0);
  for (;;) {
    const page = await readRawPage(store, { fromPosition: from, maxCount: pageSize, filter });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    from = page[page.length - 1]!.position;
  }
}

/** One tenant's whole history as JSON lines (one event a line), page by page. */
export async function* tenantHistoryJsonLines(store: EventStore, tenantId: string, options: TenantHistoryOptions = {}): AsyncGenerator<JsonPage> {
  const pageSize = options.pageSize ?? 5000;
  const filter = tenantFilter(tenantId, options);
  let from = options.fromPosition ?? position(0);
  for (;;) {
    const page = await readJsonPage(store, { fromPosition: from, maxCount: pageSize, filter, terminator: '\n' });
    if (page.events > 0) yield page;
    if (page.events < pageSize || page.lastPosition === undefined) return;
    from = page.lastPosition;
  }
}
