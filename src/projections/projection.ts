import type { RecordedEvent } from '../eventstore/types';
import type { Push } from '../realtime/publisher';
import type { CollectionSpec, Doc, DocKey } from './read-store';

/** What a projection sees while it applies a batch: the batch's documents, in memory. */
export interface ProjectionView {
  get(collection: CollectionSpec, tenantId: string, id: string): Doc | undefined;
  put(collection: CollectionSpec, tenantId: string, id: string, doc: Doc): void;
  delete(collection: CollectionSpec, tenantId: string, id: string): void;
  /** Sent after the batch's writes have committed, never before. */
  publish(push: Push): void;
}

/**
 * A read model: the event types it wants, the documents each event touches (loaded before the
 * batch), and a pure, synchronous `apply`. A document must be derived only from itself and the
 * events, so replaying a batch over an already-updated document changes nothing.
 */
export interface Projection {
  name: string;
  eventTypes: readonly string[];
  collections: readonly CollectionSpec[];
  documentsFor(event: RecordedEvent): DocKey[];
  apply(event: RecordedEvent, view: ProjectionView): void;
}
