import { assertNever, type Decider } from '../decider';
import { conflict, notFound, rejected } from '../errors';
import { sumMinor } from '../line-pricing';
import { requireRole } from '../tenant/role';
import { checkReason } from '../text';
import { refundLine } from './refunds';
import { approvalFor, TILL_STAFF } from './retail-policy';
import { saleLines, saleTotals, checkQuantity, MAX_SALE_QUANTITY } from './sale-lines';
import { receiptLabel, type ReturnLineRequest, type SaleCommand, type SaleEvent, type SaleState } from './sale-messages';
import { settlePayments } from './sale-payments';
import { withFields } from '../with-fields';

type Data<T extends SaleCommand['type']> = Extract<SaleCommand, { type: T }>['data'];
type CompletedSale = NonNullable<SaleState['sale']>;

/*
 * Checks run in one order: the role (403); the sale's state (404/409); the request (422); the
 * money (422); then the cashier's limit (403), which depends on the amount.
 */

function sellItems(command: Data<'SellItems'>, state: SaleState): SaleEvent[] {
  const { saleId, receiptNo, terms, actor, at } = command;
  requireRole(actor, TILL_STAFF);
  if (state.sale) throw conflict('SALE_EXISTS', `The sale ${saleId} is already recorded`);
  if (!Number.isSafeInteger(receiptNo) || receiptNo < 1) throw rejected('INVALID_RECEIPT_NUMBER', 'A receipt number is a positive whole number');
  const lines = saleLines(command.lines, terms);
  const totals = saleTotals(lines);
  const { payments, changeMinor } = settlePayments(command.payments, totals.totalMinor);
  const approvedBy = approvalFor(totals.totalMinor, command.limits.saleLimitMinor, actor, command.approval, 'sale');
  return [
    {
      type: 'SaleCompleted',
      data: { saleId, receiptNo, receiptLabel: receiptLabel(receiptNo), lines, terms, ...totals, payments, changeMinor, soldBy: actor, approvedBy, completedAt: at },
    },
  ];
}

/** Sums the requested units per item, in the order first named. */
function unitsPerItem(lines: readonly ReturnLineRequest[]): Map<string, number> {
  if (lines.length === 0) throw rejected('NO_ITEMS', 'At least one item is required');
  const units = new Map<string, number>();
  for (const { itemId, quantity } of lines) {
    checkQuantity(quantity, MAX_SALE_QUANTITY);
    units.set(itemId, (units.get(itemId) ?? 0) + quantity);
  }
  return units;
}

function returnItems(command: Data<'ReturnItems'>, state: SaleState): SaleEvent[] {
  const { returnId, actor } = command;
  requireRole(actor, TILL_STAFF);
  const sale: CompletedSale | undefined = state.sale;
  if (!sale) throw notFound('SALE_NOT_FOUND', 'No such sale');
  if (state.returnIds.includes(returnId)) throw conflict('RETURN_EXISTS', `The return ${returnId} is already recorded`);
  const reason = checkReason(command.reason);
  const lines = [...unitsPerItem(command.lines)].map(([itemId, quantity]) => {
    const line = sale.lines.find((l) => l.itemId === itemId);
    if (!line) throw rejected('ITEM_NOT_IN_SALE', `The sale ${sale.saleId} has no item ${itemId}`);
    const returnedBefore = state.returned[line.lineId] ?? 0;
    const returnable = line.quantity - returnedBefore;
    if (quantity > returnable) throw rejected('RETURN_EXCEEDS_SOLD', `Only ${returnable} of ${itemId} can still be returned (sold ${line.quantity}, returned ${returnedBefore})`);
    return refundLine(line, returnedBefore, quantity);
  });
  const refundMinor = sumMinor(lines.map((l) => l.refundMinor));
  const approvedBy = approvalFor(refundMinor, command.limits.returnLimitMinor, actor, command.approval, 'refund');
  return [
    {
      type: 'SaleItemsReturned',
      data: { saleId: sale.saleId, returnId, lines, refundMinor, taxMinor: sumMinor(lines.map((l) => l.taxMinor)), reason, returnedBy: actor, approvedBy, returnedAt: command.at },
    },
  ];
}

/** A retail sale: rung up once, then returned against (in parts) but never beyond what was sold. */
export const saleDecider: Decider<SaleState, SaleCommand, SaleEvent> = {
  initialState: () => ({ returned: {}, returnIds: [] }),

  decide(command, state) {
    switch (command.type) {
      case 'SellItems':
        return sellItems(command.data, state);
      case 'ReturnItems':
        return returnItems(command.data, state);
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'SaleCompleted':
        return withFields(state, { sale: event.data });
      case 'SaleItemsReturned': {
        const returned = { ...state.returned };
        for (const line of event.data.lines) returned[line.lineId] = (returned[line.lineId] ?? 0) + line.quantity;
        return { ...state, returned, returnIds: [...state.returnIds, event.data.returnId] };
      }
      default:
        return assertNever(event);
    }
  },
};
