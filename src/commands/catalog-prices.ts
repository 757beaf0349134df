import { catalogItemDecider } from '../domain/catalog/catalog-item';
import type { CatalogItem } from '../domain/catalog/catalog-messages';
import { DomainError } from '../domain/errors';
import type { PricedItem } from '../domain/restaurant/order-messages';
import { tenantDecider } from '../domain/tenant/tenant';
import type { TenantProfile } from '../domain/tenant/tenant-messages';
import type { EventStore } from '../eventstore/types';
import { loadState } from './load-state';
import { streams } from './streams';

/**
 * Items as the catalog has them right now, read from their own streams (the source of truth,
 * never a read model that may lag), so an order or sale is priced by the catalog, not the client.
 * An id the catalog does not know is refused (422).
 */
export async function catalogItems(store: EventStore, tenantId: string, itemIds: readonly string[]): Promise<Map<string, CatalogItem>> {
  const unique = [...new Set(itemIds)];
  const states = await Promise.all(unique.map((id) => loadState(store, catalogItemDecider, streams.catalogItem(tenantId, id))));
  const missing = unique.filter((_, i) => !states[i]!.item);
  if (missing.length > 0) throw new DomainError('UNKNOWN_ITEM', `Not in the catalog: ${missing.join(', ')}`, 'rejected');
  return new Map(states.map(({ item }) => [item!.itemId, item!]));
}

export const pricedItem = (item: CatalogItem): PricedItem => ({
  itemId: item.itemId,
  name: item.name,
  station: item.station,
  unitPriceMinor: item.priceMinor,
  taxRateBps: item.taxRateBps,
});

export async function pricedItems(store: EventStore, tenantId: string, itemIds: readonly string[]): Promise<Map<string, PricedItem>> {
  const items = await catalogItems(store, tenantId, itemIds);
  return new Map([...items].map(([id, item]) => [id, pricedItem(item)]));
}

/** The tenant's profile (currency, tax-inclusive prices, time zone). */
export async function tenantProfile(store: EventStore, tenantId: string): Promise<TenantProfile> {
  const { profile } = await loadState(store, tenantDecider, streams.tenant(tenantId));
  if (!profile) throw new DomainError('TENANT_NOT_FOUND', 'No such tenant', 'not_found');
  return profile;
}
