import { catalogItems, toCatalogItem, type CatalogItemView } from './catalog-items';
import type { ReadStore } from './read-store';
import { queryTokens } from './search-tokens';

/** Items whose name words, SKU or barcode start with every word of `q`; all items by name without it. */
export async function searchCatalog(readStore: ReadStore, tenantId: string, options: { q?: string; limit: number }): Promise<CatalogItemView[]> {
  const search = options.q ? queryTokens(options.q) : [];
  if (options.q && search.length === 0) return [];
  const docs = await readStore.find(catalogItems, tenantId, {
    search,
    orderBy: { field: 'name' },
    limit: options.limit,
  });
  return docs.map(toCatalogItem);
}
