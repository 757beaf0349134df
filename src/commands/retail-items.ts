import type { CatalogItem } from '../domain/catalog/catalog-messages';
import { normaliseBarcode, normaliseSku } from '../domain/catalog/catalog-rules';
import { codeReservationDecider } from '../domain/catalog/code-reservation';
import { DomainError } from '../domain/errors';
import type { EventStore } from '../eventstore/types';
import { catalogItems } from './catalog-prices';
import { loadState } from './load-state';
import { streams } from './streams';

/** A till names an item by its id, its SKU or its scanned barcode. */
export type ItemRef = { itemId: string } | { sku: string } | { barcode: string };

/** The item id a SKU or barcode stands for now, from its reservation stream (never a lagging read model). */
async function itemIdOf(store: EventStore, tenantId: string, ref: ItemRef): Promise<string | undefined> {
  if ('itemId' in ref) return ref.itemId;
  const stream = 'sku' in ref ? streams.catalogSku(tenantId, normaliseSku(ref.sku)) : streams.catalogBarcode(tenantId, normaliseBarcode(ref.barcode));
  return (await loadState(store, codeReservationDecider, stream)).itemId;
}

const describe = (ref: ItemRef) => ('itemId' in ref ? ref.itemId : 'sku' in ref ? `SKU ${ref.sku}` : `barcode ${ref.barcode}`);

/** The catalog items the references name, in the same order; an unknown one is refused (422). */
export async function resolveItems(store: EventStore, tenantId: string, refs: readonly ItemRef[]): Promise<CatalogItem[]> {
  const ids = await Promise.all(refs.map((ref) => itemIdOf(store, tenantId, ref)));
  const unknown = refs.filter((_, i) => ids[i] === undefined);
  if (unknown.length > 0) throw new DomainError('UNKNOWN_ITEM', `Not in the catalog: ${unknown.map(describe).join(', ')}`, 'rejected');
  const items = await catalogItems(store, tenantId, ids as string[]);
  return ids.map((id) => items.get(id!)!);
}
