import { position, type EventStore, type Position, type RawRecordedEvent, type ReadAllOptions } from '../eventstore/types';
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

export interface TenantHistoryOptions {
  /** Exclusive, as everywhere in the log. */
  fromPosition?: Position;
  eventTypes?: readonly string[];
  pageSize?: number;
}

/** One tenant's whole history, in global order, page by page (raw). */
export async function* tenantHistoryPages(store: EventStore, tenantId: string, options: TenantHistoryOptions = {}): AsyncGenerator<RawRecordedEvent[]> {
  const pageSize = options.pageSize ?? 5000;
  const filter = { streamPrefix: tenantPrefix(tenantId), ...(options.eventTypes?.length ? { eventTypes: options.eventTypes } : {}) };
  let from = options.fromPosition ?? position(0);
  for (;;) {
    const page = await readRawPage(store, { fromPosition: from, maxCount: pageSize, filter });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    from = page[page.length - 1]!.position;
  }
}
