import type { RawRecordedEvent, RecordedEvent } from '../eventstore/types';

/** An event as the audit API and the export show it: revisions and positions as decimal strings. */
export interface AuditEvent {
  id: string;
  stream: string;
  revision: string;
  position: string;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
  /** When the store recorded it (ISO-8601): what `from`, `to` and `asOf` compare against. */
  created: string;
}

export function toAuditEvent(event: RecordedEvent): AuditEvent {
  const { id, stream, type, data, metadata, created } = event;
  return { id, stream, revision: event.revision.toString(), position: event.position.toString(), type, data, metadata, created };
}

/**
 * The JSON text of an AuditEvent built around the stored JSON text of data and metadata, so a
 * page of a long history is copied rather than parsed and serialised again. Field order as in AuditEvent.
 */
export function rawAuditEventJson(event: RawRecordedEvent): string {
  return (
    `{"id":${JSON.stringify(event.id)},"stream":${JSON.stringify(event.stream)},"revision":"${event.revision}","position":"${event.position}",` +
    `"type":${JSON.stringify(event.type)},"data":${event.data},"metadata":${event.metadata},"created":${JSON.stringify(event.created)}}`
  );
}
