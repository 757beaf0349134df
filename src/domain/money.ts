/**
 * Money is an integer count of the currency's minor unit (DESIGN decision 8). How many decimals
 * a currency has comes from ISO 4217 as Node's ICU knows it: VND 0, USD 2, KWD 3.
 */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function isCurrency(code: string): boolean {
  return KNOWN_CURRENCIES.has(code);
}

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

