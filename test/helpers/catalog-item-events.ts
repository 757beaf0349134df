import { randomUUID } from 'node:crypto';
import type { EventStore } from '../../src/eventstore/types';

/** Appends a `CatalogItemAdded` for item `i_{n}` (Item n, SKU-n, 100·n minor units) straight to the store. */
export function addCatalogItemEvent(store: EventStore, tenant: string, n: number) {
  const itemId = `i_${n}`;
  return store.appendToStream(
    `${tenant}.catalogitem-${itemId}`,
    [
      {
        id: randomUUID(),
        type: 'CatalogItemAdded',
        data: { itemId, name: `Item ${n}`, sku: `SKU-${n}`, barcode: null, priceMinor: 100 * n, taxRateBps: 1000, station: null, trackStock: false, lowStockThreshold: null },
        metadata: { tenantId: tenant },
      },
    ],
    { expectedRevision: 'no_stream' },
  );
}
