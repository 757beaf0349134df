import type { Message } from '../decider';

/** Everything about an item except its id and price (a price change is an event of its own). */
export interface CatalogItemDetails {
  name: string;
  /** Unique within the tenant, stored upper case. */
  sku: string | null;
  /** Unique within the tenant, as scanned. */
  barcode: string | null;
  /** Basis points: 1000 = 10 %. */
  taxRateBps: number;
  /** The kitchen station that prepares it (restaurant). */
  station: string | null;
  trackStock: boolean;
  lowStockThreshold: number | null;
}

export interface CatalogItem extends CatalogItemDetails {
  itemId: string;
  /** In the tenant currency's minor unit (DESIGN decision 8). */
  priceMinor: number;
}

/** What a change may set: any field but the id; `null` clears a nullable one. */
export type CatalogItemFields = Omit<CatalogItem, 'itemId'>;

export type CatalogCommand =
  | Message<'AddCatalogItem', CatalogItem>
  | Message<'ChangeCatalogItem', { itemId: string } & Partial<CatalogItemFields>>;

export type CatalogEvent =
  | Message<'CatalogItemAdded', CatalogItem>
  | Message<'CatalogItemPriceChanged', { itemId: string; priceMinor: number; previousPriceMinor: number }>
  /** `changes` holds only the fields that changed. */
  | Message<'CatalogItemDetailsChanged', { itemId: string; changes: Partial<CatalogItemDetails> }>;

export interface CatalogItemState {
  item?: CatalogItem;
}

export const DETAIL_FIELDS = ['name', 'sku', 'barcode', 'taxRateBps', 'station', 'trackStock', 'lowStockThreshold'] as const satisfies readonly (keyof CatalogItemDetails)[];
