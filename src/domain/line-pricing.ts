import { rejected } from './errors';

/**
 * Integer money (DESIGN decision 8). Products and quotients are taken in BigInt, so no amount ever
 * passes through a float and a price near Number.MAX_SAFE_INTEGER is still priced exactly.
 */
const BASIS_POINTS = 10_000n;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** numerator / denominator rounded half up (x.5 → x+1), for numerator ≥ 0 and denominator > 0. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

export function toSafe(amount: bigint): number {
  if (amount > MAX_SAFE) throw rejected('AMOUNT_TOO_LARGE', 'The amount is too large to be handled exactly');
  return Number(amount);
}

function wholeNumber(value: number, min: number, code: string, what: string): bigint {
  if (!Number.isSafeInteger(value) || value < min) throw rejected(code, `The ${what} must be an integer of at least ${min}`);
  return BigInt(value);
}

/** Sums amounts in minor units exactly; refuses a sum that is no longer a safe integer. */
export function sumMinor(amounts: readonly number[]): number {
  return toSafe(amounts.reduce((sum, amount) => sum + BigInt(amount), 0n));
}

export interface LineAmounts {
  /** Without tax. */
  netMinor: number;
  taxMinor: number;
  /** What the customer pays for the line: net + tax. */
  totalMinor: number;
}

/**
 * Prices one line, rounding its tax half up once. With tax-inclusive prices the price already holds
 * the tax (total = price × quantity); with tax-exclusive prices the tax comes on top.
 */
export function lineAmounts(unitPriceMinor: number, quantity: number, taxRateBps: number, taxInclusive: boolean): LineAmounts {
  const gross = wholeNumber(unitPriceMinor, 0, 'INVALID_PRICE', 'unit price (in minor units)') * wholeNumber(quantity, 1, 'INVALID_QUANTITY', 'quantity');
  const bps = wholeNumber(taxRateBps, 0, 'INVALID_TAX_RATE', 'tax rate (in basis points)');
  const tax = taxInclusive ? divideHalfUp(gross * bps, BASIS_POINTS + bps) : divideHalfUp(gross * bps, BASIS_POINTS);
  return {
    netMinor: toSafe(taxInclusive ? gross - tax : gross),
    taxMinor: toSafe(tax),
    totalMinor: toSafe(taxInclusive ? gross : gross + tax),
  };
}
