import { randomUUID } from 'node:crypto';
import { newOrderId } from '../domain/ids';
import { orderDecider } from '../domain/restaurant/order';
import type { OrderActor, OrderCommand, OrderStatus, PaymentMethod } from '../domain/restaurant/order-messages';
import type { Role } from '../domain/tenant/role';
import type { EventStore } from '../eventstore/types';
import { aggregateIdForKey } from './aggregate-id';
import { pricedItems } from './catalog-prices';
import { withBusinessDay } from './business-days';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import { streams } from './streams';
import { withFields } from '../domain/with-fields';

export interface LineInput {
  itemId: string;
  quantity: number;
  note?: string | null;
}

type OrderContext = CommandContext & { actor: { userId: string; role: Role } };

const actorOf = (ctx: OrderContext): OrderActor => ({ userId: ctx.actor.userId, role: ctx.actor.role });

async function lineRequests(store: EventStore, tenantId: string, lines: readonly LineInput[]) {
  const items = await pricedItems(store, tenantId, lines.map((l) => l.itemId));
  return lines.map((l) => ({ item: items.get(l.itemId)!, quantity: l.quantity, note: l.note ?? null }));
}

/** Every order command records the business day it counts in (a payment or the close of an order moves the day's figures). */
async function run(store: EventStore, ctx: OrderContext, orderId: string, command: OrderCommand) {
  return handleCommand(store, orderDecider, streams.order(ctx.tenantId, orderId), command, (await withBusinessDay(store, ctx)).ctx);
}

export async function placeOrder(store: EventStore, ctx: OrderContext, input: { orderId?: string; table?: string | null; note?: string | null; items: LineInput[] }) {
  const serverMade = input.orderId === undefined && ctx.commandId === undefined;
  const orderId = input.orderId ?? (ctx.commandId ? aggregateIdForKey('o', ctx.tenantId, ctx.commandId) : newOrderId());
  const [{ ctx: dayCtx, tenant }, lines] = await Promise.all([withBusinessDay(store, ctx), lineRequests(store, ctx.tenantId, input.items)]);
  const { currency, taxInclusive } = tenant.profile;
  // A client-made order id is the command's client id when no Idempotency-Key came (DESIGN decision 4).
  const result = await handleCommand(
    store,
    orderDecider,
    streams.order(ctx.tenantId, orderId),
    {
      type: 'PlaceOrder',
      data: { orderId, table: input.table ?? null, note: input.note ?? null, lines, terms: { currency, taxInclusive }, actor: actorOf(ctx), at: dayCtx.at },
    },
    withFields(dayCtx, { commandId: ctx.commandId ?? `place-order:${orderId}`, newStream: serverMade }),
  );
  return { orderId, ...result };
}

export async function addOrderItems(store: EventStore, ctx: OrderContext, orderId: string, items: LineInput[]) {
  return run(store, ctx, orderId, { type: 'AddItems', data: { lines: await lineRequests(store, ctx.tenantId, items), actor: actorOf(ctx) } });
}

export function voidOrderItem(store: EventStore, ctx: OrderContext, orderId: string, lineId: string, reason: string) {
  return run(store, ctx, orderId, { type: 'VoidItem', data: { lineId, reason, actor: actorOf(ctx) } });
}

export function advanceOrderStatus(store: EventStore, ctx: OrderContext, orderId: string, to: OrderStatus) {
  return run(store, ctx, orderId, { type: 'AdvanceOrderStatus', data: { to, actor: actorOf(ctx) } });
}

export function cancelOrder(store: EventStore, ctx: OrderContext, orderId: string, reason: string) {
  return run(store, ctx, orderId, { type: 'CancelOrder', data: { reason, actor: actorOf(ctx) } });
}

export function recordPayment(store: EventStore, ctx: OrderContext, orderId: string, input: { method: PaymentMethod; amountMinor: number; tenderedMinor?: number | null }) {
  // The payment id comes from the command id, so a retried payment is the same payment.
  const paymentId = ctx.commandId ? aggregateIdForKey('p', ctx.tenantId, ctx.commandId) : `p_${randomUUID()}`;
  return run(store, ctx, orderId, {
    type: 'RecordPayment',
    data: { paymentId, method: input.method, amountMinor: input.amountMinor, tenderedMinor: input.tenderedMinor ?? null, actor: actorOf(ctx) },
  });
}
