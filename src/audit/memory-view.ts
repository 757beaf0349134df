import type { ProjectionView } from '../projections/projection';
import type { CollectionSpec, Doc } from '../projections/read-store';

/**
 * A throwaway in-memory read store for one replay: projections write into it through the same
 * ProjectionView they use live, pushes go nowhere, and nothing outlives the request.
 */
export function createMemoryView() {
  const collections = new Map<string, Map<string, Doc>>();
  const docsOf = (collection: CollectionSpec, tenantId: string): Map<string, Doc> => {
    const name = `${collection.name}\u0000${tenantId}`;
    let docs = collections.get(name);
    if (!docs) collections.set(name, (docs = new Map()));
    return docs;
  };
  const view: ProjectionView = {
    get: (collection, tenantId, id) => docsOf(collection, tenantId).get(id),
    put: (collection, tenantId, id, doc) => void docsOf(collection, tenantId).set(id, doc),
    delete: (collection, tenantId, id) => void docsOf(collection, tenantId).delete(id),
    publish: () => undefined,
  };
  return { view, all: (collection: CollectionSpec, tenantId: string): Doc[] => [...docsOf(collection, tenantId).values()] };
}
