/** Shared fixtures for the retail specs (test/domain/retail-*.test.ts). */
import type { PricingTerms } from '../../src/domain/restaurant/order-messages';
import { saleDecider } from '../../src/domain/retail/sale';
import type { Approval, CashierLimits, PaymentRequest, SaleCommand, SaleEvent, SaleLine, SaleLineRequest } from '../../src/domain/retail/sale-messages';
import type { Role } from '../../src/domain/tenant/role';
import { specFor } from './given';

export const given = specFor(saleDecider);
export const AT = '2026-05-01T12:00:00.000Z';
export const usd: PricingTerms = { currency: 'USD', taxInclusive: false };
export const NO_LIMITS: CashierLimits = { saleLimitMinor: null, returnLimitMinor: null };
export const actor = (role: Role) => ({ userId: `u_${role}`, role });
export const managerApproval: Approval = { userId: 'u_boss', role: 'manager' };

/** $3.00 soap with 10 % tax on top, $1.00 pen with none. */
export const soap: SaleLineRequest['item'] = { itemId: 'i_soap', sku: 'SOAP-1', name: 'Xà phòng', station: null, unitPriceMinor: 300, taxRateBps: 1_000 };
export const pen: SaleLineRequest['item'] = { itemId: 'i_pen', sku: null, name: 'Pen', station: null, unitPriceMinor: 100, taxRateBps: 0 };

export const saleLine = (lineId: string, item: SaleLineRequest['item'], quantity: number): SaleLine => {
  const netMinor = item.unitPriceMinor * quantity;
  const taxMinor = (netMinor * item.taxRateBps) / 10_000;
  const { itemId, sku, name, unitPriceMinor, taxRateBps } = item;
  return { lineId, itemId, sku, name, quantity, unitPriceMinor, taxRateBps, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
};

interface SellOptions {
  lines?: SaleLineRequest[];
  payments?: PaymentRequest[];
  role?: Role;
  limits?: CashierLimits;
  approval?: Approval | null;
  terms?: PricingTerms;
}

// 3 × soap (990) + 2 × pen (200) = 1,190 due
export const sell = ({
  lines = [
    { item: soap, quantity: 3 },
    { item: pen, quantity: 2 },
  ],
  payments = [{ method: 'CARD', amountMinor: 1_190 }],
  role = 'cashier',
  limits = NO_LIMITS,
  approval = null,
  terms = usd,
}: SellOptions = {}): SaleCommand => ({
  type: 'SellItems',
  data: { saleId: 's_1', receiptNo: 42, lines, payments, terms, limits, actor: actor(role), approval, at: AT },
});

export const completed: Extract<SaleEvent, { type: 'SaleCompleted' }> = {
  type: 'SaleCompleted',
  data: {
    saleId: 's_1',
    receiptNo: 42,
    receiptLabel: 'R-000042',
    lines: [saleLine('L1', soap, 3), saleLine('L2', pen, 2)],
    terms: usd,
    subtotalMinor: 1_100,
    taxMinor: 90,
    totalMinor: 1_190,
    payments: [{ method: 'CARD', amountMinor: 1_190, tenderedMinor: null }],
    changeMinor: 0,
    soldBy: actor('cashier'),
    approvedBy: null,
    completedAt: AT,
  },
};

export const returnOf = (
  lines: { itemId: string; quantity: number }[],
  { returnId = 'r_1', role = 'cashier', limits = NO_LIMITS, approval = null, reason = 'Damaged' }: { returnId?: string; role?: Role; limits?: CashierLimits; approval?: Approval | null; reason?: string } = {},
): SaleCommand => ({ type: 'ReturnItems', data: { returnId, lines, reason, limits, actor: actor(role), approval, at: AT } });
