import { position, type EventStore, type Position } from '../eventstore/types';
import type { Projection } from '../projections/projection';
import type { CollectionSpec, Doc } from '../projections/read-store';
import { createMemoryView } from './memory-view';
import { tenantFilter } from './raw-read';

/** The read models a replay rebuilt, for its summariser. */
export interface ReplayedModels {
  docs(collection: CollectionSpec): Doc[];
}

/** Which projections to run over the history, and what to make of their documents. */
export interface ReplayPlan<Summary> {
  projections: readonly Projection[];
  summarise(models: ReplayedModels): Summary;
}

export interface Replayed<Summary> {
  /** The last position of the tenant's history at `asOf` (0 when it had none yet). */
  position: Position;
  events: number;
  summary: Summary;
}

const PAGE = 2000;

/**
 * A tenant's state as it was at `asOf`, rebuilt by running the live projections' handlers over its
 * history into a throwaway in-memory store; the live read models are never touched. The history
 * replayed is the longest prefix of the log recorded at or before `asOf` (it stops at the first
 * event recorded later), so the state shown is one that really existed.
 */
export async function replayTenant<Summary>(store: EventStore, tenantId: string, asOf: Date, plan: ReplayPlan<Summary>): Promise<Replayed<Summary>> {
  const until = asOf.toISOString();
  const memory = createMemoryView();
  const byType = new Map<string, Projection[]>();
  for (const projection of plan.projections) for (const type of projection.eventTypes) byType.set(type, [...(byType.get(type) ?? []), projection]);
  let last = position(0);
  let events = 0;
  for (;;) {
    const page = await store.readAll({ fromPosition: last, maxCount: PAGE, filter: tenantFilter(tenantId) });
    for (const event of page) {
      if (event.created > until) return done();
      for (const projection of byType.get(event.type) ?? []) projection.apply(event, memory.view);
      last = event.position;
      events += 1;
    }
    if (page.length < PAGE) return done();
  }

  function done(): Replayed<Summary> {
    return { position: last, events, summary: plan.summarise({ docs: (collection) => memory.all(collection, tenantId) }) };
  }
}
