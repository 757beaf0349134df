import type { Message } from '../domain/decider';
import type { EventToAppend, JsonObject } from '../eventstore/types';
import { commandTime, type CommandContext } from './command-context';
import { sealEvent } from './hash-chain';
import { uuidV5Factory } from './uuid-v5';
import { withFields } from '../domain/with-fields';

/** Namespace for event ids derived from idempotency keys (UUID v5). */
const EVENT_ID_NAMESPACE = '0b6f5a7e-3c1d-4f4e-9a51-6d2f1b9e8c40';
const eventId = uuidV5Factory(EVENT_ID_NAMESPACE);
export const SCHEMA_VERSION = 1;

/** Metadata and the hash chain of DESIGN decision 9; ids derived from the command id (decision 4). */
export function envelopes(events: Message[], stream: string, prevHash: string, ctx: CommandContext, commandId: string, commandHash: string): EventToAppend[] {
  const occurredAt = commandTime(ctx);
  const correlationId = ctx.correlationId ?? commandId;
  let hash = prevHash;
  return events.map((event, index) => {
    const metadata: JsonObject = {
      tenantId: ctx.tenantId,
      actor: ctx.actor,
      ...(ctx.terminalId ? { terminalId: ctx.terminalId } : {}),
      commandId,
      commandHash,
      correlationId,
      causationId: ctx.causationId ?? commandId,
      occurredAt,
      ...(ctx.businessDay ? { businessDay: ctx.businessDay } : {}),
      schemaVersion: SCHEMA_VERSION,
      prevHash: hash,
    };
    const sealed = sealEvent(hash, event.type, event.data, metadata);
    hash = sealed.hash;
    return { id: eventId(`${stream}\n${commandId}\n${index}`), type: event.type, data: event.data as JsonObject, metadata: withFields(metadata, { hash }), json: sealed.json };
  });
}
