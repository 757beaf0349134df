import { randomUUID } from 'node:crypto';
import type { SqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { revision, type EventToAppend } from '../../src/eventstore/types';
import { catalogEvent, commandMetadata, detailChanges, newItem, pick } from './catalog-events';

/** Appends queued in one tick are committed together: at most this many per transaction. */
const APPENDS_PER_COMMIT = 50_000;
/** Share of the changes that are price changes; the rest change details (a name half the time). */
const PRICE_SHARE = 0.7;

interface SeededItem {
  stream: string;
  itemId: string;
  revision: number;
  priceMinor: number;
  owner: string;
}

export interface CatalogSeed {
  tenants: readonly string[];
  items: number;
  events: number;
}

/**
 * Fills an empty store with a catalog history through the store's own append path: first every
 * `CatalogItemAdded` (items round-robin over the tenants), then price and detail changes on
 * random items, one event per append, as the command pipeline appends them (exact expected
 * revision). Each round queues up to APPENDS_PER_COMMIT appends to distinct streams in one tick,
 * so they commit together; then the WAL is checkpointed.
 */
export async function seedCatalog(store: SqliteEventStore, tenants: readonly string[], items: number, events: number): Promise<CatalogSeed> {
  if (events < items) throw new Error('A catalog history starts with one CatalogItemAdded per item');
  const owners = new Map(tenants.map((t) => [t, `u_${randomUUID()}`]));
  const seeded: SeededItem[] = [];
  for (let start = 0; start < items; start += APPENDS_PER_COMMIT) {
    const round: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(items, start + APPENDS_PER_COMMIT); i++) {
      const tenantId = tenants[i % tenants.length]!;
      const item = newItem(i);
      const entry: SeededItem = { stream: `${tenantId}.catalogitem-${item.itemId}`, itemId: item.itemId, revision: 0, priceMinor: item.priceMinor, owner: owners.get(tenantId)! };
      seeded.push(entry);
      const event = catalogEvent('CatalogItemAdded', { ...item }, commandMetadata(tenantId, entry.owner));
      round.push(store.appendToStream(entry.stream, [event], { expectedRevision: 'no_stream' }));
    }
    await Promise.all(round);
  }
  let remaining = events - items;
  while (remaining > 0) {
    const count = Math.min(remaining, APPENDS_PER_COMMIT, items);
    await Promise.all(distinctSample(seeded, count).map((item) => store.appendToStream(item.stream, [changeOf(item)], { expectedRevision: revision(item.revision++) })));
    remaining -= count;
  }
  const head = Number(await store.headPosition());
  if (head !== events) throw new Error(`Seeding wrote ${head} events, expected ${events}`);
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  return { tenants, items, events };
}

function changeOf(item: SeededItem): EventToAppend {
  const tenantId = item.stream.slice(0, item.stream.indexOf('.'));
  const metadata = commandMetadata(tenantId, item.owner);
  if (Math.random() < PRICE_SHARE) {
    const previousPriceMinor = item.priceMinor;
    item.priceMinor = Math.max(1000, previousPriceMinor + pick([-5000, -2000, -1000, 1000, 2000, 5000]));
    return catalogEvent('CatalogItemPriceChanged', { itemId: item.itemId, priceMinor: item.priceMinor, previousPriceMinor }, metadata);
  }
  return catalogEvent('CatalogItemDetailsChanged', { itemId: item.itemId, changes: detailChanges() }, metadata);
}

/** `count` distinct items in random order (a partial Fisher–Yates shuffle). */
function distinctSample<T>(all: T[], count: number): T[] {
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(Math.random() * (all.length - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count);
}
