import { randomUUID } from 'node:crypto';
import { catalogItemDecider } from '../domain/catalog/catalog-item';
import type { CatalogCommand, CatalogEvent, CatalogItem, CatalogItemFields, CatalogItemState } from '../domain/catalog/catalog-messages';
import { normaliseBarcode, normaliseSku } from '../domain/catalog/catalog-rules';
import { codeReservationDecider, type CatalogCodeKind } from '../domain/catalog/code-reservation';
import { newItemId } from '../domain/ids';
import type { EventStore, Position, RecordedEvent, Revision } from '../eventstore/types';
import { aggregateIdForKey } from './aggregate-id';
import { canonicalJson } from './canonical-json';
import type { CommandContext } from './command-context';
import { idempotencyKeyReused } from './errors';
import { handleCommand } from './handle-command';
import { sha256Hex } from './hash-chain';
import { loadState } from './load-state';
import { streams } from './streams';

export interface NewCatalogItem {
  /** Client-chosen (time-ordered ids preferred); made by the server when absent. */
  itemId?: string;
  name: string;
  sku?: string | null;
  barcode?: string | null;
  priceMinor: number;
  taxRateBps: number;
  station?: string | null;
  trackStock?: boolean;
  lowStockThreshold?: number | null;
}

export interface CatalogWriteResult {
  itemId: string;
  /** The item stream's revision after the command. */
  revision: Revision;
  position: Position;
}

type Steps = CommandContext & { commandId: string; requestHash: string };
interface Code {
  kind: CatalogCodeKind;
  code: string;
  stream: string;
}

export function addCatalogItem(store: EventStore, ctx: CommandContext, input: NewCatalogItem): Promise<CatalogWriteResult> {
  const itemId = input.itemId ?? (ctx.commandId ? aggregateIdForKey('i', ctx.tenantId, ctx.commandId) : newItemId());
  const item: CatalogItem = {
    itemId,
    name: input.name,
    sku: input.sku ?? null,
    barcode: input.barcode ?? null,
    priceMinor: input.priceMinor,
    taxRateBps: input.taxRateBps,
    station: input.station ?? null,
    trackStock: input.trackStock ?? false,
    lowStockThreshold: input.lowStockThreshold ?? null,
  };
  // A client-made item id is the command's client id when no Idempotency-Key came (DESIGN decision 4).
  return writeItem(store, { ...ctx, commandId: ctx.commandId ?? `add-item:${itemId}` }, { type: 'AddCatalogItem', data: item });
}

export function changeCatalogItem(store: EventStore, ctx: CommandContext, itemId: string, changes: Partial<CatalogItemFields>): Promise<CatalogWriteResult> {
  return writeItem(store, { ...ctx, commandId: ctx.commandId ?? randomUUID() }, { type: 'ChangeCatalogItem', data: { ...changes, itemId } });
}

function codesOf(tenantId: string, { sku, barcode }: { sku?: string | null; barcode?: string | null } = {}): Code[] {
  const codes: Code[] = [];
  if (sku) codes.push({ kind: 'sku', code: normaliseSku(sku), stream: streams.catalogSku(tenantId, normaliseSku(sku)) });
  if (barcode) codes.push({ kind: 'barcode', code: normaliseBarcode(barcode), stream: streams.catalogBarcode(tenantId, normaliseBarcode(barcode)) });
  return codes;
}

/** The item as it stood before this command's events (or now, if it has none yet), and as it stands now. */
async function itemHistory(store: EventStore, stream: string, steps: Steps): Promise<{ before: CatalogItemState; now: CatalogItemState }> {
  const recorded = await store.readStream(stream);
  const first = recorded.findIndex((e) => e.metadata.commandId === steps.commandId);
  if (first >= 0 && recorded[first]!.metadata.commandHash !== steps.requestHash) throw idempotencyKeyReused();
  const fold = (events: RecordedEvent[]) =>
    events.reduce((state, e) => catalogItemDecider.evolve(state, { type: e.type, data: e.data } as CatalogEvent), catalogItemDecider.initialState());
  return { before: fold(first < 0 ? recorded : recorded.slice(0, first)), now: fold(recorded) };
}

/**
 * An item and its codes live in different streams, and no append spans two streams. So: take the
 * codes the command sets (a no-op for codes the item holds already), then write the item, then
 * give back the codes it no longer uses, so an item never shows a code it does not hold (short of
 * two changes to one item's codes racing each other). Every step runs under the same command id,
 * so a retried request replays the steps done and finishes the rest. Everything that can be
 * refused is checked before the first write, so a refused request leaves no reservation behind;
 * only a request that dies (or loses a race) between steps and is never retried leaves a code held.
 */
async function writeItem(store: EventStore, ctx: CommandContext & { commandId: string }, command: CatalogCommand): Promise<CatalogWriteResult> {
  const { itemId } = command.data;
  const { tenantId } = ctx;
  const itemStream = streams.catalogItem(tenantId, itemId);
  const steps: Steps = { ...ctx, requestHash: ctx.requestHash ?? sha256Hex(canonicalJson(command)) };
  // A client's expectedRevision is about the item stream, never about a code's reservation.
  const codeSteps: Steps = { ...steps, expectedRevision: undefined };

  catalogItemDecider.decide(command, (await itemHistory(store, itemStream, steps)).before);
  const wanted = codesOf(tenantId, command.data);
  const assign = (c: Code) => ({ type: 'AssignCatalogCode' as const, data: { kind: c.kind, code: c.code, itemId } });
  const holders = await Promise.all(wanted.map((c) => loadState(store, codeReservationDecider, c.stream)));
  wanted.forEach((c, i) => codeReservationDecider.decide(assign(c), holders[i]!));

  for (const c of wanted) await handleCommand(store, codeReservationDecider, c.stream, assign(c), codeSteps);
  const written = await handleCommand(store, catalogItemDecider, itemStream, command, steps);

  const { before, now } = await itemHistory(store, itemStream, steps);
  const inUse = new Set(codesOf(tenantId, now.item).map((c) => c.stream));
  let position = written.position;
  for (const c of codesOf(tenantId, before.item).filter((c) => !inUse.has(c.stream))) {
    const released = await handleCommand(store, codeReservationDecider, c.stream, { type: 'ReleaseCatalogCode', data: { code: c.code, itemId } }, codeSteps);
    if (released.events.length > 0 && released.position > position) position = released.position;
  }
  return { itemId, revision: written.revision, position };
}
