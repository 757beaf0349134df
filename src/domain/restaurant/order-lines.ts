import { rejected } from '../errors';
import { checkNote } from '../text';
import type { LineRequest, OrderLine, PricingTerms } from './order-messages';
import { sumMinor } from '../line-pricing';
import { priceLine } from './pricing';

export const MAX_QUANTITY = 999;
/**
 * Checks and prices requested lines. Ids continue the order's count of lines (`L1`, `L2`, …, voided
 * lines included), so deciding the same command on the same state always yields the same ids.
 */
export function priceLines(requests: readonly LineRequest[], terms: PricingTerms, linesSoFar: number): OrderLine[] {
  if (requests.length === 0) throw rejected('NO_ITEMS', 'At least one item is required');
  for (const { quantity } of requests) {
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY) {
      throw rejected('INVALID_QUANTITY', `A quantity is a whole number from 1 to ${MAX_QUANTITY}`);
    }
  }
  return requests.map((request, i) => priceLine({ ...request, note: checkNote(request.note) }, terms, `L${linesSoFar + i + 1}`));
}

/** What the guest owes: every line not voided. Plain addition: decide has refused any total that is not a safe integer. */
export function totalOf(lines: readonly OrderLine[], voided: readonly string[]): number {
  return lines.reduce((total, line) => (voided.includes(line.lineId) ? total : total + line.totalMinor), 0);
}

/** The order's total once the new lines are added, refused if it is no longer exact. */
export function totalWith(totalMinor: number, added: readonly OrderLine[]): number {
  return sumMinor([totalMinor, ...added.map((line) => line.totalMinor)]);
}
