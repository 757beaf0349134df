import type { Message } from '../decider';
import type { RetailActor } from './sale-messages';

export const ADJUSTMENT_REASONS = ['DAMAGE', 'THEFT', 'COUNT', 'OTHER'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export interface StockLine {
  itemId: string;
  quantity: number;
}

/** A delivery from a supplier: one stream per receipt (`stockreceipt-…`). */
export type StockReceiptCommand = Message<'ReceiveStock', { receiptId: string; lines: StockLine[]; supplier: string | null; actor: RetailActor; at: string }>;
export type StockReceiptEvent = Message<'StockReceived', { receiptId: string; lines: StockLine[]; supplier: string | null; receivedBy: RetailActor; receivedAt: string }>;

/** What a count found: the counted quantity against what the stock read model said at that position. */
export interface StockCount {
  countedQuantity: number;
  previousOnHand: number;
  /** The log position the stock level was read at. */
  asOfPosition: string;
}

/** Corrections to one item's stock: one stream per item (`stockitem-…`), so its history reads in one place. */
export type StockItemCommand =
  | Message<'AdjustStock', { adjustmentId: string; itemId: string; delta: number; reason: AdjustmentReason; note: string | null; actor: RetailActor; at: string }>
  | Message<'CountStock', { adjustmentId: string; itemId: string; countedQuantity: number; onHand: number; asOfPosition: string; note: string | null; actor: RetailActor; at: string }>;

/** Every change to stock that is not a sale, a return or a delivery; a count is one with reason COUNT. */
export type StockItemEvent = Message<
  'StockAdjusted',
  { adjustmentId: string; itemId: string; delta: number; reason: AdjustmentReason; note: string | null; count: StockCount | null; adjustedBy: RetailActor; adjustedAt: string }
>;

export interface StockItemState {
  adjustmentIds: string[];
}

export interface StockReceiptState {
  receiptId?: string;
}
