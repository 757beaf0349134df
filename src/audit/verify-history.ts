import type { EventStore, RawRecordedEvent } from '../eventstore/types';
import { createChainVerifier, type ChainVerifier, type VerifyReport } from './chain-verifier';
import { verifyInRanges } from './parallel-verify';
import { tenantHistoryPages } from './raw-read';

/**
 * Checks one stored event: on its text when it was stored sealed, else parsed (damaged JSON is a
 * break of its own).
 */
export function addRawEvent(verifier: ChainVerifier, event: RawRecordedEvent): void {
  if (verifier.addSealed(event)) return;
  let data: unknown;
  let metadata: Record<string, unknown>;
  try {
    data = JSON.parse(event.data);
    metadata = JSON.parse(event.metadata) as Record<string, unknown>;
  } catch (error) {
    verifier.unreadable(event, `stored JSON is damaged: ${(error as Error).message}`);
    return;
  }
  verifier.add({ stream: event.stream, revision: event.revision, position: event.position, type: event.type, data, metadata });
}

/**
 * Re-checks every hash chain and revision sequence of one tenant, straight from the event store:
 * a long history kept in a SQLite file in ranges on several threads at once (parallel-verify.ts),
 * any other in one pass.
 */
export async function verifyTenantHistory(store: EventStore, tenantId: string, ranges: { threads?: number; minEvents?: number } = {}): Promise<VerifyReport> {
  if (store.file) {
    const report = await verifyInRanges(store.file, tenantId, ranges.threads, ranges.minEvents);
    if (report) return report;
  }
  const verifier = createChainVerifier();
  for await (const page of tenantHistoryPages(store, tenantId)) {
    for (const event of page) addRawEvent(verifier, event);
  }
  return verifier.report();
}
