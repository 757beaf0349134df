import { rejected } from '../errors';
import { lineAmounts, sumMinor } from '../line-pricing';
import type { PricingTerms } from '../restaurant/order-messages';
import type { SaleLine, SaleLineRequest } from './sale-messages';

export const MAX_SALE_QUANTITY = 9_999;

export function checkQuantity(quantity: number, max: number): void {
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > max) throw rejected('INVALID_QUANTITY', `A quantity is a whole number from 1 to ${max}`);
}

/**
 * Prices the scanned lines. The same item scanned twice becomes one line with both quantities
 * (in the order first scanned), so a return names an item once and its refund price is unambiguous.
 */
export function saleLines(requests: readonly SaleLineRequest[], terms: PricingTerms): SaleLine[] {
  if (requests.length === 0) throw rejected('NO_ITEMS', 'At least one item is required');
  const merged = new Map<string, SaleLineRequest>();
  for (const request of requests) {
    checkQuantity(request.quantity, MAX_SALE_QUANTITY);
    const earlier = merged.get(request.item.itemId);
    merged.set(request.item.itemId, earlier ? { ...earlier, quantity: earlier.quantity + request.quantity } : request);
  }
  return [...merged.values()].map(({ item, quantity }, i) => {
    checkQuantity(quantity, MAX_SALE_QUANTITY);
    return {
      lineId: `L${i + 1}`,
      itemId: item.itemId,
      sku: item.sku,
      name: item.name,
      quantity,
      unitPriceMinor: item.unitPriceMinor,
      taxRateBps: item.taxRateBps,
      ...lineAmounts(item.unitPriceMinor, quantity, item.taxRateBps, terms.taxInclusive),
    };
  });
}

/** The sale's totals, refused if they are no longer exact. */
export function saleTotals(lines: readonly SaleLine[]): { subtotalMinor: number; taxMinor: number; totalMinor: number } {
  return {
    subtotalMinor: sumMinor(lines.map((l) => l.netMinor)),
    taxMinor: sumMinor(lines.map((l) => l.taxMinor)),
    totalMinor: sumMinor(lines.map((l) => l.totalMinor)),
  };
}
