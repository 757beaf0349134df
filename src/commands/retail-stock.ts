import { ulid } from '../domain/ids';
import { stockItemDecider, stockReceiptDecider } from '../domain/retail/stock';
import type { AdjustmentReason, StockLine } from '../domain/retail/stock-messages';
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

export async function adjustStock(store: EventStore, ctx: StockContext, input: { itemId: string; delta: number; reason: AdjustmentReason; note?: string | null }) {
  await catalogItems(store, ctx.tenantId, [input.itemId]);
  const adjustmentId = idFor('sa', ctx);
  const result = await handleCommand(
    store,
    stockItemDecider,
    streams.stockItem(ctx.tenantId, input.itemId),
    { type: 'AdjustStock', data: { adjustmentId, itemId: input.itemId, delta: input.delta, reason: input.reason, note: input.note ?? null, actor: actorOf(ctx), at: commandTime(ctx) } },
    ctx,
  );
  return { adjustmentId, ...result };
}

/**
 * Records a shelf count. `onHand` is what the stock read model said at `asOfPosition` (read after
 * it caught up with the log); the difference to the counted quantity becomes a COUNT adjustment.
 */
export async function countStock(store: EventStore, ctx: StockContext, input: { itemId: string; countedQuantity: number; note?: string | null; onHand: number; asOfPosition: string }) {
  await catalogItems(store, ctx.tenantId, [input.itemId]);
  const adjustmentId = idFor('sa', ctx);
  const result = await handleCommand(
    store,
    stockItemDecider,
    streams.stockItem(ctx.tenantId, input.itemId),
    {
      type: 'CountStock',
      data: { adjustmentId, itemId: input.itemId, countedQuantity: input.countedQuantity, onHand: input.onHand, asOfPosition: input.asOfPosition, note: input.note ?? null, actor: actorOf(ctx), at: commandTime(ctx) },
    },
    ctx,
  );
  return { adjustmentId, ...result };
}
