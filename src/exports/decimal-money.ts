/**
 * An amount of minor units as a decimal string with the currency's decimals (12345, 2 → "123.45";
 * -5, 3 → "-0.005"; 45000, 0 → "45000"), built from the integer's digits, never through a float.
 */
export function minorToDecimal(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`Not an amount of minor units: ${minor}`);
  const sign = minor < 0 ? '-' : '';
  const units = Math.abs(minor).toString();
  if (digits === 0) return sign + units;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The spreadsheet number format of an amount: thousands grouped, the currency's decimals, its code after. */
export function moneyNumFmt(currency: string, digits: number): string {
  return `#,##0${digits > 0 ? `.${'0'.repeat(digits)}` : ''} "${currency}"`;
}
