import { assertNever, type Decider } from '../decider';
import { conflict, rejected } from '../errors';
import { requireRole } from '../tenant/role';
import { checkNote } from '../text';
import { STOCK_KEEPERS } from './retail-policy';
import { checkQuantity } from './sale-lines';
import {
  ADJUSTMENT_REASONS,
  type StockItemCommand,
  type StockItemEvent,
  type StockItemState,
  type StockLine,
  type StockReceiptCommand,
  type StockReceiptEvent,
  type StockReceiptState,
} from './stock-messages';

export const MAX_STOCK_QUANTITY = 1_000_000;

function checkWholeStock(value: number, min: number, code: string, what: string): void {
  if (!Number.isInteger(value) || value < min || value > MAX_STOCK_QUANTITY) throw rejected(code, `${what} is a whole number from ${min} to ${MAX_STOCK_QUANTITY}`);
}

/** Sums received units per item, in the order first named. */
function mergeLines(lines: readonly StockLine[]): StockLine[] {
  if (lines.length === 0) throw rejected('NO_ITEMS', 'At least one item is required');
  const units = new Map<string, number>();
  for (const { itemId, quantity } of lines) {
    checkQuantity(quantity, MAX_STOCK_QUANTITY);
    units.set(itemId, (units.get(itemId) ?? 0) + quantity);
  }
  return [...units].map(([itemId, quantity]) => {
    checkWholeStock(quantity, 1, 'INVALID_QUANTITY', 'A quantity');
    return { itemId, quantity };
  });
}

/** A delivery: recorded once, never edited (a wrong one is corrected by an adjustment). */
export const stockReceiptDecider: Decider<StockReceiptState, StockReceiptCommand, StockReceiptEvent> = {
  initialState: () => ({}),

  decide(command, state) {
    switch (command.type) {
      case 'ReceiveStock': {
        const { receiptId, supplier, actor, at } = command.data;
        requireRole(actor, STOCK_KEEPERS);
        if (state.receiptId) throw conflict('RECEIPT_EXISTS', `The stock receipt ${receiptId} is already recorded`);
        return [{ type: 'StockReceived', data: { receiptId, lines: mergeLines(command.data.lines), supplier: checkNote(supplier), receivedBy: actor, receivedAt: at } }];
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'StockReceived':
        return { receiptId: event.data.receiptId };
      default:
        return assertNever(event.type);
    }
  },
};

/** Corrections of one item's stock: adjustments with a reason, and counts that set what was found. */
export const stockItemDecider: Decider<StockItemState, StockItemCommand, StockItemEvent> = {
  initialState: () => ({ adjustmentIds: [] }),

  decide(command, state) {
    const { adjustmentId, itemId, actor, at } = command.data;
    requireRole(actor, STOCK_KEEPERS);
    if (state.adjustmentIds.includes(adjustmentId)) throw conflict('ADJUSTMENT_EXISTS', `The adjustment ${adjustmentId} is already recorded`);
    const note = checkNote(command.data.note);
    switch (command.type) {
      case 'AdjustStock': {
        const { delta, reason } = command.data;
        if (!Number.isInteger(delta) || delta === 0 || Math.abs(delta) > MAX_STOCK_QUANTITY) {
          throw rejected('INVALID_DELTA', `A delta is a non-zero whole number from -${MAX_STOCK_QUANTITY} to ${MAX_STOCK_QUANTITY}`);
        }
        if (!ADJUSTMENT_REASONS.includes(reason)) throw rejected('INVALID_REASON', `The reason is one of ${ADJUSTMENT_REASONS.join(', ')}`);
        return [{ type: 'StockAdjusted', data: { adjustmentId, itemId, delta, reason, note, count: null, adjustedBy: actor, adjustedAt: at } }];
      }
      case 'CountStock': {
        const { countedQuantity, onHand, asOfPosition } = command.data;
        checkWholeStock(countedQuantity, 0, 'INVALID_COUNT', 'A counted quantity');
        // A count that confirms the stock is still recorded: it is evidence the shelf was checked.
        const count = { countedQuantity, previousOnHand: onHand, asOfPosition };
        return [{ type: 'StockAdjusted', data: { adjustmentId, itemId, delta: countedQuantity - onHand, reason: 'COUNT', note, count, adjustedBy: actor, adjustedAt: at } }];
      }
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'StockAdjusted':
        return { adjustmentIds: [...state.adjustmentIds, event.data.adjustmentId] };
      default:
        return assertNever(event.type);
    }
  },
};
