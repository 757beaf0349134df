import type { Message } from '../decider';
import type { Role } from '../tenant/role';

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'PREPARING', 'READY', 'SERVED', 'PAID', 'CANCELLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const PAYMENT_METHODS = ['CASH', 'CARD', 'OTHER'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** Who gives a command: the rules depend on the role (kitchen staff only cook, …). */
export interface OrderActor {
  userId: string;
  role: Role;
}

/** A catalog item as it was when ordered: price and tax are taken from the catalog, never the client. */
export interface PricedItem {
  itemId: string;
  name: string;
  station: string | null;
  unitPriceMinor: number;
  taxRateBps: number;
}

export interface LineRequest {
  item: PricedItem;
  quantity: number;
  note: string | null;
}

/** One line of an order with its amounts, each rounded once (DESIGN decision 8). */
export interface OrderLine {
  lineId: string;
  itemId: string;
  name: string;
  station: string | null;
  quantity: number;
  note: string | null;
  unitPriceMinor: number;
  taxRateBps: number;
  /** Without tax. */
  netMinor: number;
  taxMinor: number;
  /** What the guest pays for the line: net + tax. */
  totalMinor: number;
}

/** How the tenant prices: fixed when the order is placed, so a later settings change cannot reprice it. */
export interface PricingTerms {
  currency: string;
  taxInclusive: boolean;
}

export type OrderCommand =
  | Message<'PlaceOrder', { orderId: string; table: string | null; note: string | null; lines: LineRequest[]; terms: PricingTerms; actor: OrderActor; at: string }>
  | Message<'AddItems', { lines: LineRequest[]; actor: OrderActor }>
  | Message<'VoidItem', { lineId: string; reason: string; actor: OrderActor }>
  | Message<'AdvanceOrderStatus', { to: OrderStatus; actor: OrderActor }>
  | Message<'CancelOrder', { reason: string; actor: OrderActor }>
  | Message<'RecordPayment', { paymentId: string; method: PaymentMethod; amountMinor: number; tenderedMinor: number | null; actor: OrderActor }>;

export type OrderEvent =
  | Message<'OrderPlaced', { orderId: string; table: string | null; note: string | null; lines: OrderLine[]; terms: PricingTerms; placedAt: string }>
  | Message<'OrderItemsAdded', { orderId: string; lines: OrderLine[] }>
  | Message<'OrderItemVoided', { orderId: string; lineId: string; reason: string; voidedBy: OrderActor }>
  | Message<'OrderStatusChanged', { orderId: string; from: OrderStatus; to: OrderStatus }>
  | Message<'OrderCancelled', { orderId: string; from: OrderStatus; reason: string }>
  /** `amountMinor` is what went toward the order; for cash, `changeMinor` = tendered − amount. */
  | Message<'PaymentRecorded', { orderId: string; paymentId: string; method: PaymentMethod; amountMinor: number; tenderedMinor: number | null; changeMinor: number }>;

export interface OrderState {
  orderId?: string;
  status?: OrderStatus;
  table: string | null;
  terms?: PricingTerms;
  lines: OrderLine[];
  voided: string[];
  totalMinor: number;
  paidMinor: number;
  placedAt?: string;
  /** Ids of the payments recorded, so a payment is recorded once. */
  paymentIds: string[];
}
