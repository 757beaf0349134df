import { randomUUID } from 'node:crypto';
import { ulid } from '../../src/domain/ids';
import type { EventToAppend, JsonObject } from '../../src/eventstore/types';

/** Events spread over a few tenants, as a shared deployment would see them. */
export const TENANTS: readonly string[] = Array.from({ length: 16 }, (_, i) => `t_bench${String(i).padStart(2, '0')}`);

/** Target size of an event's JSON data, in bytes. */
export const DATA_BYTES = 300;

/** What one append to a new stream carries. */
export interface PlannedAppend {
  stream: string;
  events: EventToAppend[];
}

const hex64 = (): string => (randomUUID() + randomUUID()).replace(/-/g, '');

function saleData(saleId: string, note: string): JsonObject {
  return {
    saleId,
    registerId: 'reg-03',
    lines: [
      { sku: 'SKU-004211', name: 'Flat white (large)', quantity: 2, unitPriceCents: 450, taxCents: 81 },
      { sku: 'SKU-001007', name: 'Almond croissant', quantity: 1, unitPriceCents: 325, taxCents: 29 },
    ],
    subtotalCents: 1225,
    taxCents: 110,
    totalCents: 1335,
    currency: 'EUR',
    tender: 'card',
    note,
  };
}

/** Padding that brings the data to DATA_BYTES (every other field has a fixed width). */
const NOTE = 'x'.repeat(Math.max(0, DATA_BYTES - JSON.stringify(saleData(randomUUID(), '')).length));

/** Metadata shaped like the command pipeline's (src/commands/handle-command.ts). */
function pipelineMetadata(tenantId: string, prevHash: string, occurredAt: string): JsonObject {
  const commandId = randomUUID();
  return {
    tenantId,
    actor: { userId: randomUUID(), role: 'cashier' },
    commandId,
    correlationId: randomUUID(),
    causationId: commandId,
    occurredAt,
    schemaVersion: 1,
    prevHash,
    hash: hex64(),
  };
}

/**
 * How new streams are named. `ulid`: as the product names them (server-made ids are ULIDs, so a
 * new stream's key lands at the end of its tenant's range of the stream index). `uuid`: random
 * UUIDv4 ids, as a client might send — the worst case, every new stream a scattered index write.
 */
export type StreamNaming = 'ulid' | 'uuid';

export function newStream(tenantId: string, naming: StreamNaming = 'ulid'): string {
  return `${tenantId}.sale-${naming === 'ulid' ? ulid() : randomUUID()}`;
}

/** `count` chained events for one new stream of `tenantId`. */
export function makeEvents(tenantId: string, count: number): EventToAppend[] {
  const occurredAt = new Date().toISOString();
  const events: EventToAppend[] = [];
  let prevHash = '0'.repeat(64);
  for (let i = 0; i < count; i++) {
    const metadata = pipelineMetadata(tenantId, prevHash, occurredAt);
    prevHash = metadata.hash as string;
    events.push({ id: randomUUID(), type: 'SaleCompleted', data: saleData(randomUUID(), NOTE), metadata });
  }
  return events;
}

/** `count` appends, each of `eventsPerAppend` events to a distinct new stream, round-robin over the tenants. */
export function planAppends(count: number, eventsPerAppend: number, naming: StreamNaming = 'ulid'): PlannedAppend[] {
  return Array.from({ length: count }, (_, i) => {
    const tenant = TENANTS[i % TENANTS.length]!;
    return { stream: newStream(tenant, naming), events: makeEvents(tenant, eventsPerAppend) };
  });
}
