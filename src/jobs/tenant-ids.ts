import { SYSTEM_PREFIX } from '../eventstore/stream-name';
import { position, type EventStore, type Position } from '../eventstore/types';

const PAGE = 1000;

/**
 * Every tenant ever registered, from the subdomain reservations (one event per sign-up, outside
 * every tenant). Read incrementally: each call reads only the reservations made since the last.
 */
export function tenantDirectory(store: EventStore) {
  const tenants = new Set<string>();
  let from: Position = position(0);
  return async function tenantIds(): Promise<string[]> {
    for (;;) {
      const page = await store.readAll({ fromPosition: from, maxCount: PAGE, filter: { streamPrefix: `${SYSTEM_PREFIX}.`, eventTypes: ['SubdomainReserved'] } });
      for (const event of page) tenants.add(event.data.tenantId as string);
      if (page.length > 0) from = page[page.length - 1]!.position;
      if (page.length < PAGE) return [...tenants];
    }
  };
}
