import { divideHalfUp } from '../line-pricing';
import type { ReturnedLine, SaleLine } from './sale-messages';

/** The part of `amountMinor` that `units` of `quantity` carry, rounded half up. */
const share = (amountMinor: number, units: number, quantity: number) => Number(divideHalfUp(BigInt(amountMinor) * BigInt(units), BigInt(quantity)));

/**
 * Refunds units at the price actually paid for them. Each return takes the difference of the
 * line's cumulative shares before and after it, so however a line is returned — all at once or
 * one unit at a time — its refunds add up to exactly what was paid for it, never a unit more.
 */
export function refundLine(line: SaleLine, returnedBefore: number, quantity: number): ReturnedLine {
  const after = returnedBefore + quantity;
  return {
    lineId: line.lineId,
    itemId: line.itemId,
    quantity,
    taxMinor: share(line.taxMinor, after, line.quantity) - share(line.taxMinor, returnedBefore, line.quantity),
    refundMinor: share(line.totalMinor, after, line.quantity) - share(line.totalMinor, returnedBefore, line.quantity),
  };
}
