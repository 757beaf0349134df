import type { CatalogItem, CatalogItemDetails } from '../domain/catalog/catalog-messages';
import type { SaleEvent } from '../domain/retail/sale-messages';
import type { StockItemEvent, StockReceiptEvent } from '../domain/retail/stock-messages';
import { tenantOfStream } from '../eventstore/stream-name';
import type { RecordedEvent } from '../eventstore/types';
import type { Projection, ProjectionView } from './projection';
import type { CollectionSpec } from './read-store';
import { withFields } from '../domain/with-fields';

/** One document per catalog item: what is on the shelf, computed from every movement (DESIGN decision 6). */
export const stockLevels: CollectionSpec = { name: 'stock_levels', indexes: [['trackStock', 'name'], ['trackStock', 'low', 'name']] };

export type StockLevel = {
  itemId: string;
  sku: string | null;
  name: string;
  trackStock: boolean;
  onHand: number;
  lowStockThreshold: number | null;
  /** At or under the threshold (of an item whose stock is tracked). */
  low: boolean;
  /** Sold more than was known to be there: a count or a delivery is overdue. */
  negative: boolean;
  position: string;
};

export const STOCK_EVENT_TYPES = ['CatalogItemAdded', 'CatalogItemDetailsChanged', 'SaleCompleted', 'SaleItemsReturned', 'StockReceived', 'StockAdjusted'] as const;

type Movement = { itemId: string; delta: number; name?: string; sku?: string | null };

/** What an event moves: +received, −sold, +returned, ±adjusted. */
function movements(event: RecordedEvent): Movement[] {
  const data = event.data;
  switch (event.type) {
    case 'SaleCompleted':
      return (data as Extract<SaleEvent, { type: 'SaleCompleted' }>['data']).lines.map((l) => ({ itemId: l.itemId, delta: -l.quantity, name: l.name, sku: l.sku }));
    case 'SaleItemsReturned':
      return (data as Extract<SaleEvent, { type: 'SaleItemsReturned' }>['data']).lines.map((l) => ({ itemId: l.itemId, delta: l.quantity }));
    case 'StockReceived':
      return (data as StockReceiptEvent['data']).lines.map((l) => ({ itemId: l.itemId, delta: l.quantity }));
    case 'StockAdjusted': {
      const { itemId, delta } = data as StockItemEvent['data'];
      return [{ itemId, delta }];
    }
    default:
      return [];
  }
}

const isLow = (level: Pick<StockLevel, 'trackStock' | 'onHand' | 'lowStockThreshold'>) =>
  level.trackStock && level.lowStockThreshold !== null && level.onHand <= level.lowStockThreshold;

function settled(level: Omit<StockLevel, 'low' | 'negative'>): StockLevel {
  return withFields(level, { low: isLow(level), negative: level.onHand < 0 });
}

const blank = (itemId: string, position: string): StockLevel => ({ itemId, sku: null, name: itemId, trackStock: false, onHand: 0, lowStockThreshold: null, low: false, negative: false, position });

function catalogChange(event: RecordedEvent, current: StockLevel | undefined, position: string): StockLevel {
  if (event.type === 'CatalogItemAdded') {
    const item = event.data as unknown as CatalogItem;
    // Movements recorded before the item (none in practice) are kept.
    return settled({ ...(current ?? blank(item.itemId, position)), sku: item.sku, name: item.name, trackStock: item.trackStock, lowStockThreshold: item.lowStockThreshold, position });
  }
  const changes = event.data.changes as Partial<CatalogItemDetails>;
  const base = current ?? blank(event.data.itemId as string, position);
  return settled({
    ...base,
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.sku !== undefined && { sku: changes.sku }),
    ...(changes.trackStock !== undefined && { trackStock: changes.trackStock }),
    ...(changes.lowStockThreshold !== undefined && { lowStockThreshold: changes.lowStockThreshold }),
    position,
  });
}

function publishChanges(view: ProjectionView, tenantId: string, position: string, before: (StockLevel | undefined)[], after: StockLevel[]): void {
  const changed = after.filter((level, i) => before[i]?.onHand !== level.onHand || before[i]?.low !== level.low);
  if (changed.length === 0) return;
  view.publish({ namespace: '/retail', tenantId, event: 'stock.changed', payload: { position, items: changed.map(({ itemId, onHand, low }) => ({ itemId, onHand, low })) } });
  for (const [i, level] of after.entries()) {
    // Once per crossing: again only after the item was restocked above its threshold.
    if (level.low && !before[i]?.low) {
      view.publish({ namespace: '/retail', tenantId, event: 'stock.low', payload: { position, itemId: level.itemId, onHand: level.onHand, lowStockThreshold: level.lowStockThreshold } });
    }
  }
}

const tenantOf = (event: RecordedEvent) => tenantOfStream(event.stream);
const touchedItems = (event: RecordedEvent) => (event.type.startsWith('CatalogItem') ? [event.data.itemId as string] : [...new Set(movements(event).map((m) => m.itemId))]);

export const stockLevelsProjection: Projection = {
  name: 'stock-levels',
  eventTypes: STOCK_EVENT_TYPES,
  collections: [stockLevels],
  documentsFor: (event) => touchedItems(event).map((id) => ({ collection: stockLevels, tenantId: tenantOf(event), id })),
  apply(event, view) {
    const tenantId = tenantOf(event);
    const position = event.position.toString();
    const ids = touchedItems(event);
    const before = ids.map((id) => view.get(stockLevels, tenantId, id) as StockLevel | undefined);
    let after: StockLevel[];
    if (event.type.startsWith('CatalogItem')) {
      after = [catalogChange(event, before[0], position)];
    } else {
      const levels = new Map(ids.map((id, i) => [id, before[i] ?? blank(id, position)]));
      for (const { itemId, delta, name, sku } of movements(event)) {
        const level = levels.get(itemId)!;
        // An item sold before the catalog reached this read model still gets a readable name.
        const named = level.name === itemId && name ? { name, sku: sku ?? null } : {};
        levels.set(itemId, settled({ ...level, ...named, onHand: level.onHand + delta, position }));
      }
      after = ids.map((id) => levels.get(id)!);
    }
    after.forEach((level, i) => view.put(stockLevels, tenantId, ids[i]!, level));
    publishChanges(view, tenantId, position, before, after);
  },
};
