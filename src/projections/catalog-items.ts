import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection } from './projection';
import type { CollectionSpec, Doc } from './read-store';
import { codeToken, wordTokens } from './search-tokens';

/** The catalog as the API shows it, one document per item, searchable by name, SKU and barcode. */
export const catalogItems: CollectionSpec = {
  name: 'catalog_items',
  indexes: [['name'], ['sku'], ['barcode']],
  searchField: 'search',
  searchOrder: 'name',
};

export interface CatalogItemView {
  itemId: string;
  name: string;
  sku: string | null;
  barcode: string | null;
  priceMinor: number;
  taxRateBps: number;
  station: string | null;
  trackStock: boolean;
  lowStockThreshold: number | null;
  revision: string;
  position: string;
}

const EVENT_TYPES = ['CatalogItemAdded', 'CatalogItemPriceChanged', 'CatalogItemDetailsChanged'] as const;

function searchTokens(item: CatalogItemView): string[] {
  const tokens = new Set(wordTokens(item.name));
  if (item.sku) tokens.add(codeToken(item.sku));
  if (item.barcode) tokens.add(codeToken(item.barcode));
  return [...tokens];
}

function withTokens(item: CatalogItemView): Doc {
  return { ...item, search: searchTokens(item) };
}

/** The document without its search tokens, as the API answers it. */
export function toCatalogItem(doc: Doc): CatalogItemView {
  return {
    itemId: doc.itemId as string,
    name: doc.name as string,
    sku: (doc.sku as string | null) ?? null,
    barcode: (doc.barcode as string | null) ?? null,
    priceMinor: doc.priceMinor as number,
    taxRateBps: doc.taxRateBps as number,
    station: (doc.station as string | null) ?? null,
    trackStock: Boolean(doc.trackStock),
    lowStockThreshold: (doc.lowStockThreshold as number | null) ?? null,
    revision: doc.revision as string,
    position: doc.position as string,
  };
}

const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const itemIdOf = (event: RecordedEvent) => event.data.itemId as string;

export const catalogProjection: Projection = {
  name: 'catalog',
  eventTypes: EVENT_TYPES,
  collections: [catalogItems],
  documentsFor: (event) => [{ collection: catalogItems, tenantId: tenantOf(event), id: itemIdOf(event) }],
  apply(event, view) {
    const tenantId = tenantOf(event);
    const itemId = itemIdOf(event);
    const stamp = { revision: event.revision.toString(), position: event.position.toString() };
    let item: CatalogItemView;
    let doc: Doc;
    if (event.type === 'CatalogItemAdded') {
      item = { ...(event.data as Omit<CatalogItemView, 'revision' | 'position'>), ...stamp };
      doc = withTokens(item);
    } else {
      const current = view.get(catalogItems, tenantId, itemId);
      if (!current) throw new Error(`${event.type} for unknown item ${itemId}`);
      const changes = event.type === 'CatalogItemPriceChanged' ? { priceMinor: event.data.priceMinor as number } : (event.data.changes as Partial<CatalogItemView>);
      item = { ...toCatalogItem(current), ...changes, ...stamp };
      // The tokens come from the name, SKU and barcode only: a price change keeps them.
      const retokenise = 'name' in changes || 'sku' in changes || 'barcode' in changes;
      doc = retokenise ? withTokens(item) : { ...item, search: current.search };
    }
    view.put(catalogItems, tenantId, itemId, doc);
    // Tills and kitchen displays both show items: a price or name change reaches them live.
    for (const namespace of ['/retail', '/restaurant'] as const) {
      view.publish({ namespace, tenantId, event: 'catalog.changed', payload: { position: stamp.position, item } });
    }
  },
};
