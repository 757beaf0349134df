import type { EventStore, Position } from '../eventstore/types';
import { position } from '../eventstore/types';
import { tenantHistoryJsonLines } from './raw-read';

/** First line of an export: what it holds, so the offline verifier knows where the history starts. */
export interface ExportHeader {
  export: { format: 'pos-audit-ndjson'; version: 1; tenantId: string; fromPosition: string; exportedAt: string };
}

/** Last line: how many events were written, so a truncated file is told from a complete one. */
export interface ExportTrailer {
  end: { events: number; lastPosition: string };
}

/** Where the lines go: resolves when the sink can take more (backpressure). */
export type LineSink = (chunk: string | Buffer) => Promise<void> | void;

/**
 * Writes a tenant's history as NDJSON: a header line, one AuditEvent per line (data and metadata
 * copied from the stored JSON text, hashes included; the lines built by the store where it can),
 * a trailer line. Returns what it wrote.
 */
export async function exportTenantHistory(store: EventStore, tenantId: string, write: LineSink, options: { fromPosition?: Position } = {}): Promise<ExportTrailer['end']> {
  const fromPosition = options.fromPosition ?? position(0);
  const header: ExportHeader = { export: { format: 'pos-audit-ndjson', version: 1, tenantId, fromPosition: fromPosition.toString(), exportedAt: new Date().toISOString() } };
  await write(`${JSON.stringify(header)}\n`);
  let events = 0;
  let lastPosition: Position = fromPosition;
  for await (const page of tenantHistoryJsonLines(store, tenantId, { fromPosition })) {
    await write(page.json);
    events += page.events;
    lastPosition = page.lastPosition!;
  }
  const end: ExportTrailer['end'] = { events, lastPosition: lastPosition.toString() };
  await write(`${JSON.stringify({ end } satisfies ExportTrailer)}\n`);
  return end;
}
