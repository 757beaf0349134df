import type { Message } from '../decider';
import type { Role } from '../tenant/role';
import type { OrderActor, PaymentMethod, PricedItem, PricingTerms } from '../restaurant/order-messages';

/** Who rings up a sale or a return; the same shape as at a restaurant table. */
export type RetailActor = OrderActor;

/** A manager or owner who approved what a cashier could not do alone (over the owner's limit). */
export interface Approval {
  userId: string;
  role: Role;
}

/** One line as the till scanned it: a catalog item (priced by the catalog) and how many. */
export interface SaleLineRequest {
  item: PricedItem & { sku: string | null };
  quantity: number;
}

/** One line of a sale with its amounts, each rounded once (DESIGN decision 8). */
export interface SaleLine {
  lineId: string;
  itemId: string;
  sku: string | null;
  name: string;
  quantity: number;
  unitPriceMinor: number;
  taxRateBps: number;
  /** Without tax. */
  netMinor: number;
  taxMinor: number;
  /** What the customer pays for the line: net + tax. */
  totalMinor: number;
}

/** A payment as handed over at the till. */
export interface PaymentRequest {
  method: PaymentMethod;
  amountMinor: number;
}

/** A payment as recorded: `amountMinor` went toward the sale; cash handed back is the sale's `changeMinor`. */
export interface SalePayment {
  method: PaymentMethod;
  amountMinor: number;
  /** Cash only: what was handed over (amount + the change it gave back). */
  tenderedMinor: number | null;
}

/** The owner's limits (minor units) above which a cashier needs a manager's approval; null = no limit. */
export interface CashierLimits {
  saleLimitMinor: number | null;
  returnLimitMinor: number | null;
}

export interface ReturnLineRequest {
  itemId: string;
  quantity: number;
}

export type SaleCommand =
  | Message<
      'SellItems',
      {
        saleId: string;
        receiptNo: number;
        lines: SaleLineRequest[];
        payments: PaymentRequest[];
        terms: PricingTerms;
        limits: CashierLimits;
        actor: RetailActor;
        approval: Approval | null;
        at: string;
      }
    >
  | Message<'ReturnItems', { returnId: string; lines: ReturnLineRequest[]; reason: string; limits: CashierLimits; actor: RetailActor; approval: Approval | null; at: string }>;

/** One line of a return: refunded at the price actually paid for those units. */
export interface ReturnedLine {
  lineId: string;
  itemId: string;
  quantity: number;
  /** Tax part of the refund (for the day's tax figures). */
  taxMinor: number;
  refundMinor: number;
}

export type SaleEvent =
  | Message<
      'SaleCompleted',
      {
        saleId: string;
        receiptNo: number;
        /** `R-000123`: what the printed receipt shows. */
        receiptLabel: string;
        lines: SaleLine[];
        terms: PricingTerms;
        subtotalMinor: number;
        taxMinor: number;
        totalMinor: number;
        payments: SalePayment[];
        changeMinor: number;
        soldBy: RetailActor;
        approvedBy: Approval | null;
        completedAt: string;
      }
    >
  | Message<
      'SaleItemsReturned',
      {
        saleId: string;
        returnId: string;
        lines: ReturnedLine[];
        refundMinor: number;
        taxMinor: number;
        reason: string;
        returnedBy: RetailActor;
        approvedBy: Approval | null;
        returnedAt: string;
      }
    >;

export interface SaleState {
  sale?: Extract<SaleEvent, { type: 'SaleCompleted' }>['data'];
  /** Units returned so far, by line id. */
  returned: Record<string, number>;
  returnIds: string[];
}

/** The receipt number as printed. */
export const receiptLabel = (receiptNo: number) => `R-${String(receiptNo).padStart(6, '0')}`;
