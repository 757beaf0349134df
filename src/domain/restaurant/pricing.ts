import { lineAmounts } from '../line-pricing';
import type { LineRequest, OrderLine, PricingTerms } from './order-messages';

/** Prices one order line from the catalog's price and tax rate (DESIGN decision 8). */
export function priceLine(request: LineRequest, terms: PricingTerms, lineId: string): OrderLine {
  const { item, quantity, note } = request;
  return {
    lineId,
    itemId: item.itemId,
    name: item.name,
    station: item.station,
    quantity,
    note,
    unitPriceMinor: item.unitPriceMinor,
    taxRateBps: item.taxRateBps,
    ...lineAmounts(item.unitPriceMinor, quantity, item.taxRateBps, terms.taxInclusive),
  };
}
