import { ulid } from '../domain/ids';
import { stockItemDecider, stockReceiptDecider } from '../domain/retail/stock';
import type { AdjustmentReason, StockItemCommand, StockLine } from '../domain/retail/stock-messages';
import type { Role } from '../domain/tenant/role';
import type { EventStore } from '../eventstore/types';
import { aggregateIdForKey } from './aggregate-id';
import { catalogItems } from './catalog-prices';
import { commandTime, type CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { streams } from './streams';

type StockContext = CommandContext & { actor: { userId: string; role: Role } };

const actorOf = (ctx: StockContext) => ({ userId: ctx.actor.userId, role: ctx.actor.role });
/** The id of what a keyed request creates is derived from its key, so a retry lands on the same one. */
const idFor = (prefix: string, ctx: StockContext) => (ctx.commandId ? aggregateIdForKey(prefix, ctx.tenantId, ctx.commandId) : `${prefix}_${ulid()}`);

export async function receiveStock(store: EventStore, ctx: StockContext, input: { items: StockLine[]; supplier?: string | null }) {
  await catalogItems(store, ctx.tenantId, input.items.map((l) => l.itemId));
  const receiptId = idFor('sr', ctx);
  const result = await handleCommand(
    store,
    stockReceiptDecider,
    streams.stockReceipt(ctx.tenantId, receiptId),
    { type: 'ReceiveStock', data: { receiptId, lines: input.items, supplier: input.supplier ?? null, actor: actorOf(ctx), at: commandTime(ctx) } },
    { ...ctx, commandId: ctx.commandId ?? `receive:${receiptId}` },
  );
  return { receiptId, ...result };
}

/** A correction of one item's stock (an adjustment or a count), on that item's stream. */
async function onItemStock(store: EventStore, ctx: StockContext, itemId: string, command: (adjustmentId: string, at: string) => StockItemCommand) {
  await catalogItems(store, ctx.tenantId, [itemId]);
  const adjustmentId = idFor('sa', ctx);
  const result = await handleCommand(store, stockItemDecider, streams.stockItem(ctx.tenantId, itemId), command(adjustmentId, commandTime(ctx)), ctx);
  return { adjustmentId, ...result };
}

export function adjustStock(store: EventStore, ctx: StockContext, input: { itemId: string; delta: number; reason: AdjustmentReason; note?: string | null }) {
  const { itemId, delta, reason } = input;
  return onItemStock(store, ctx, itemId, (adjustmentId, at) => ({
    type: 'AdjustStock',
    data: { adjustmentId, itemId, delta, reason, note: input.note ?? null, actor: actorOf(ctx), at },
  }));
}

/**
 * Records a shelf count. `onHand` is what the stock read model said at `asOfPosition` (read after
 * it caught up with the log); the difference to the counted quantity becomes a COUNT adjustment.
 */
export function countStock(store: EventStore, ctx: StockContext, input: { itemId: string; countedQuantity: number; note?: string | null; onHand: number; asOfPosition: string }) {
  const { itemId, countedQuantity, onHand, asOfPosition } = input;
  return onItemStock(store, ctx, itemId, (adjustmentId, at) => ({
    type: 'CountStock',
    data: { adjustmentId, itemId, countedQuantity, onHand, asOfPosition, note: input.note ?? null, actor: actorOf(ctx), at },
  }));
}
