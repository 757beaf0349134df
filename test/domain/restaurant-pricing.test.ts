import { DomainError } from '../../src/domain/errors';
import type { OrderLine, PricingTerms } from '../../src/domain/restaurant/order-messages';
import { divideHalfUp, sumMinor } from '../../src/domain/line-pricing';
import { priceLine } from '../../src/domain/restaurant/pricing';

const terms = (currency: string, taxInclusive: boolean): PricingTerms => ({ currency, taxInclusive });
const price = (unitPriceMinor: number, quantity: number, taxRateBps: number, pricing: PricingTerms) =>
  priceLine({ item: { itemId: 'i_1', name: 'Item', station: 'grill', unitPriceMinor, taxRateBps }, quantity, note: 'no onions' }, pricing, 'L7');
const amounts = ({ netMinor, taxMinor, totalMinor }: OrderLine) => ({ netMinor, taxMinor, totalMinor });
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (e) {
    return e instanceof DomainError ? e.code : `not a DomainError: ${String(e)}`;
  }
  return 'nothing thrown';
};

const MAX = Number.MAX_SAFE_INTEGER;

describe('Pricing a line (integer minor units, tax rounded half up once per line)', () => {
  it('a priced line carries the item as ordered, its id, quantity and note', () =>
    expect(price(65_000, 2, 800, terms('VND', true))).toEqual({
      lineId: 'L7',
      itemId: 'i_1',
      name: 'Item',
      station: 'grill',
      quantity: 2,
      note: 'no onions',
      unitPriceMinor: 65_000,
      taxRateBps: 800,
      netMinor: 120_370,
      taxMinor: 9_630,
      totalMinor: 130_000,
    }));

  describe('tax-inclusive: the price holds the tax, tax = gross × bps / (10000 + bps), total = gross', () => {
    it.each([
      ['VND (0 decimals): 2 × 65,000 at 8 % → tax 9,629.63 → 9,630', 65_000, 2, 800, { netMinor: 120_370, taxMinor: 9_630, totalMinor: 130_000 }],
      ['USD (2 decimals): 1 × $10.00 at 10 % → tax 90.91 → 91¢', 1_000, 1, 1_000, { netMinor: 909, taxMinor: 91, totalMinor: 1_000 }],
      ['KWD (3 decimals): 2 × 2.500 at 15 % → tax 652.17 → 652 fils', 2_500, 2, 1_500, { netMinor: 4_348, taxMinor: 652, totalMinor: 5_000 }],
    ])('%s', (label, unit, quantity, bps, expected) => expect(amounts(price(unit, quantity, bps, terms(label.slice(0, 3), true)))).toEqual(expected));

    it.each([
      ['VND: 25,005 at 20 % → tax exactly 4,167.5 → 4,168', 25_005, 20_837, 4_168],
      ['KWD: 0.003 at 20 % → tax exactly 0.5 fils → 1', 3, 2, 1],
    ])('half-way rounds up — %s', (label, unit, netMinor, taxMinor) =>
      expect(amounts(price(unit, 1, 2_000, terms(label.slice(0, 3), true)))).toEqual({ netMinor, taxMinor, totalMinor: unit }));
  });

  describe('tax-exclusive: the tax comes on top, tax = gross × bps / 10000, net = gross', () => {
    it.each([
      ['VND: 2 × 65,000 at 8 % → tax 10,400', 65_000, 2, 800, { netMinor: 130_000, taxMinor: 10_400, totalMinor: 140_400 }],
      ['USD: 3 × $12.99 at 8.75 % → tax 340.9875 → 341¢', 1_299, 3, 875, { netMinor: 3_897, taxMinor: 341, totalMinor: 4_238 }],
      ['KWD: 3 × 1.250 at 5 % → tax exactly 187.5 fils → 188 (half-way rounds up)', 1_250, 3, 500, { netMinor: 3_750, taxMinor: 188, totalMinor: 3_938 }],
      ['USD: $0.10 at 5 % → tax exactly 0.5¢ → 1¢ (half-way rounds up)', 10, 1, 500, { netMinor: 10, taxMinor: 1, totalMinor: 11 }],
      ['USD: $0.10 at 4.99 % → tax 0.499¢ → 0 (just under half rounds down)', 10, 1, 499, { netMinor: 10, taxMinor: 0, totalMinor: 10 }],
    ])('%s', (label, unit, quantity, bps, expected) => expect(amounts(price(unit, quantity, bps, terms(label.slice(0, 3), false)))).toEqual(expected));
  });

  it('a zero tax rate adds no tax, and a free item costs nothing', () => {
    expect(amounts(price(4_500, 2, 0, terms('USD', false)))).toEqual({ netMinor: 9_000, taxMinor: 0, totalMinor: 9_000 });
    expect(amounts(price(0, 3, 1_000, terms('USD', true)))).toEqual({ netMinor: 0, taxMinor: 0, totalMinor: 0 });
  });

  describe('exact at any size: nothing passes through a float', () => {
    it('the largest safe price at 100 % inclusive splits x.5 exactly and rounds it up', () =>
      expect(amounts(price(MAX, 1, 10_000, terms('VND', true)))).toEqual({ netMinor: 4_503_599_627_370_495, taxMinor: 4_503_599_627_370_496, totalMinor: MAX }));

    it('the largest safe price at 10 % inclusive', () =>
      expect(amounts(price(MAX, 1, 1_000, terms('VND', true)))).toEqual({ netMinor: 8_188_362_958_855_446, taxMinor: 818_836_295_885_545, totalMinor: MAX }));

    it('2^52 at 0.01 % exclusive', () =>
      expect(amounts(price(2 ** 52, 1, 1, terms('VND', false)))).toEqual({ netMinor: 2 ** 52, taxMinor: 450_359_962_737, totalMinor: 4_504_049_987_333_233 }));

    it('a line whose amount is no longer a safe integer is refused: AMOUNT_TOO_LARGE', () => {
      expect(codeOf(() => price(MAX, 2, 0, terms('VND', true)))).toBe('AMOUNT_TOO_LARGE');
      expect(codeOf(() => price(MAX, 1, 1, terms('VND', false)))).toBe('AMOUNT_TOO_LARGE');
    });
  });

  it('prices, tax rates and quantities must be whole numbers', () => {
    expect(codeOf(() => price(9.99, 1, 0, terms('USD', false)))).toBe('INVALID_PRICE');
    expect(codeOf(() => price(-1, 1, 0, terms('USD', false)))).toBe('INVALID_PRICE');
    expect(codeOf(() => price(100, 1, 87.5, terms('USD', false)))).toBe('INVALID_TAX_RATE');
    expect(codeOf(() => price(100, 1.5, 0, terms('USD', false)))).toBe('INVALID_QUANTITY');
    expect(codeOf(() => price(100, 0, 0, terms('USD', false)))).toBe('INVALID_QUANTITY');
  });
});

describe('Money helpers', () => {
  it('divideHalfUp rounds x.5 up and anything less down', () => {
    expect([divideHalfUp(5n, 10n), divideHalfUp(4n, 10n), divideHalfUp(15n, 10n), divideHalfUp(14n, 10n), divideHalfUp(0n, 7n)]).toEqual([1n, 0n, 2n, 1n, 0n]);
  });

  it('sumMinor adds exactly and refuses a sum beyond the safe integers', () => {
    expect(sumMinor([MAX - 1, 1])).toBe(MAX);
    expect(sumMinor([])).toBe(0);
    expect(codeOf(() => sumMinor([MAX, 1]))).toBe('AMOUNT_TOO_LARGE');
  });
});
