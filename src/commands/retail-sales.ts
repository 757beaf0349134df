import { newSaleId, ulid } from '../domain/ids';
import type { PaymentMethod } from '../domain/restaurant/order-messages';
import { saleDecider } from '../domain/retail/sale';
import type { Approval, ReturnLineRequest, SaleCommand, SaleEvent } from '../domain/retail/sale-messages';
import type { Role } from '../domain/tenant/role';
import type { EventStore } from '../eventstore/types';
import { aggregateIdForKey } from './aggregate-id';
import { withBusinessDay } from './business-days';
import { verifyApproval, type ApprovalCredentials } from './approval';
import { pricedItem } from './catalog-prices';
import type { CommandContext } from './command-context';
import { handleCommand } from './handle-command';
import type { ReceiptNumbers } from './receipt-numbers';
import { resolveItems, type ItemRef } from './retail-items';
import { streams } from './streams';
import { withFields } from '../domain/with-fields';

type TillContext = CommandContext & { actor: { userId: string; role: Role }; requestHash: string };

export interface SaleInput {
  saleId?: string;
  items: (ItemRef & { quantity: number })[];
  payments: { method: PaymentMethod; amountMinor: number }[];
  approval?: ApprovalCredentials;
}

const actorOf = (ctx: TillContext) => ({ userId: ctx.actor.userId, role: ctx.actor.role });

const approvalOf = (store: EventStore, ctx: TillContext, credentials: ApprovalCredentials | undefined): Promise<Approval | null> =>
  credentials ? verifyApproval(store, ctx.tenantId, credentials) : Promise.resolve(null);

/**
 * Rings up a sale: items priced by the catalog now, payments settled, a receipt number taken. The
 * number is taken only once the sale's stream shows this is not a retry, so a retried sale keeps
 * its first number, and only for a sale the rules accept, so a refused one wastes none. (A number
 * can still go unused if the process dies between taking it and recording the sale; the counter's
 * event names the sale it was meant for, so an auditor can account for it.)
 */
export async function sellItems(store: EventStore, receipts: ReceiptNumbers, ctx: TillContext, input: SaleInput) {
  const serverMade = input.saleId === undefined && ctx.commandId === undefined;
  const saleId = input.saleId ?? (ctx.commandId ? aggregateIdForKey('sl', ctx.tenantId, ctx.commandId) : newSaleId());
  const [{ ctx: dayCtx, tenant }, items, approval] = await Promise.all([
    withBusinessDay(store, ctx),
    resolveItems(store, ctx.tenantId, input.items),
    approvalOf(store, ctx, input.approval),
  ]);
  const { currency, taxInclusive } = tenant.profile;
  const limits = tenant.cashierLimits;
  const lines = input.items.map((line, i) => ({ item: withFields(pricedItem(items[i]!), { sku: items[i]!.sku }), quantity: line.quantity }));
  const { at } = dayCtx;
  const command = (receiptNo: number): SaleCommand => ({
    type: 'SellItems',
    data: { saleId, receiptNo, lines, payments: input.payments, terms: { currency, taxInclusive }, limits, actor: actorOf(ctx), approval, at },
  });
  // A sale that can never succeed (underpaid, over the limit, …) is refused before it spends a number.
  saleDecider.decide(command(1), saleDecider.initialState());
  const build = async () => command(await receipts.issue(ctx.tenantId, saleId));
  // A client-made sale id is the command's client id when no Idempotency-Key came (DESIGN decision 4).
  const result = await handleCommand(store, saleDecider, streams.sale(ctx.tenantId, saleId), build, withFields(dayCtx, { commandId: ctx.commandId ?? `sell:${saleId}`, newStream: serverMade }));
  return { saleId, ...result };
}

export async function returnItems(store: EventStore, ctx: TillContext, saleId: string, input: { items: ReturnLineRequest[]; reason: string; approval?: ApprovalCredentials }) {
  const returnId = ctx.commandId ? aggregateIdForKey('rt', ctx.tenantId, ctx.commandId) : `rt_${ulid()}`;
  const [{ ctx: dayCtx, tenant }, approval] = await Promise.all([withBusinessDay(store, ctx), approvalOf(store, ctx, input.approval)]);
  const result = await handleCommand(
    store,
    saleDecider,
    streams.sale(ctx.tenantId, saleId),
    { type: 'ReturnItems', data: { returnId, lines: input.items, reason: input.reason, limits: tenant.cashierLimits, actor: actorOf(ctx), approval, at: dayCtx.at } },
    dayCtx,
  );
  const returned = result.events.find((e): e is Extract<SaleEvent, { type: 'SaleItemsReturned' }> => e.type === 'SaleItemsReturned');
  return withFields(result, { returned: returned?.data });
}
