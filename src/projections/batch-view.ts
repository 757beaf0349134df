import type { Push } from '../realtime/publisher';
import { docKey, type Doc, type DocWrite } from './read-store';
import type { ProjectionView } from './projection';

/** An in-memory view over the documents loaded for a batch, collecting its writes and pushes. */
export function createBatchView(loaded: Map<string, Doc>) {
  const docs = new Map<string, Doc | undefined>(loaded);
  const writes = new Map<string, DocWrite>();
  const pushes: Push[] = [];
  const view: ProjectionView = {
    get(collection, tenantId, id) {
      return docs.get(docKey({ collection, tenantId, id }));
    },
    put(collection, tenantId, id, doc) {
      const key = { collection, tenantId, id };
      docs.set(docKey(key), doc);
      writes.set(docKey(key), { key, doc });
    },
    delete(collection, tenantId, id) {
      const key = { collection, tenantId, id };
      docs.set(docKey(key), undefined);
      writes.set(docKey(key), { key, doc: undefined });
    },
    publish(push) {
      pushes.push(push);
    },
  };
  return { view, writes: () => [...writes.values()], pushes: () => pushes };
}
