import { rejected } from '../errors';
import type { CatalogItem, CatalogItemFields } from './catalog-messages';

/** Codes a till types or scans; the characters are also safe in a stream name. */
export const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const BARCODE_PATTERN = /^[A-Za-z0-9]{1,64}$/;
export const MAX_NAME_LENGTH = 120;
export const MAX_STATION_LENGTH = 40;
export const MAX_TAX_RATE_BPS = 10_000;

/** SKUs compare case-insensitively, so `abc-1` and `ABC-1` are one SKU. */
export const normaliseSku = (sku: string) => sku.trim().toUpperCase();
export const normaliseBarcode = (barcode: string) => barcode.trim();

function text(value: string, max: number, errorCode: string, what: string): string {
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > max) throw rejected(errorCode, `The ${what} must be 1 to ${max} characters`);
  return trimmed;
}

function lookupCode(value: string | null, normalise: (v: string) => string, pattern: RegExp, errorCode: string, what: string): string | null {
  if (value === null) return null;
  const normalised = normalise(value);
  if (!pattern.test(normalised)) throw rejected(errorCode, `${JSON.stringify(value)} is not a valid ${what}`);
  return normalised;
}

function count(value: number, max: number, errorCode: string, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0 || value > max) throw rejected(errorCode, `The ${what} must be an integer from 0 to ${max}`);
  return value;
}

/** Normalises the fields that are set and refuses any that breaks a rule; fields left out stay out. */
export function checkFields(fields: Partial<CatalogItemFields>): Partial<CatalogItemFields> {
  const { name, sku, barcode, priceMinor, taxRateBps, station, trackStock, lowStockThreshold } = fields;
  return {
    ...(name !== undefined && { name: text(name, MAX_NAME_LENGTH, 'INVALID_NAME', 'name') }),
    ...(sku !== undefined && { sku: lookupCode(sku, normaliseSku, SKU_PATTERN, 'INVALID_SKU', 'SKU (1 to 64 letters, digits, dots, underscores or hyphens)') }),
    ...(barcode !== undefined && { barcode: lookupCode(barcode, normaliseBarcode, BARCODE_PATTERN, 'INVALID_BARCODE', 'barcode (1 to 64 letters or digits)') }),
    ...(priceMinor !== undefined && { priceMinor: count(priceMinor, Number.MAX_SAFE_INTEGER, 'INVALID_PRICE', 'price (in minor units)') }),
    ...(taxRateBps !== undefined && { taxRateBps: count(taxRateBps, MAX_TAX_RATE_BPS, 'INVALID_TAX_RATE', 'tax rate (in basis points)') }),
    ...(station !== undefined && { station: station === null ? null : text(station, MAX_STATION_LENGTH, 'INVALID_STATION', 'station') }),
    ...(trackStock !== undefined && { trackStock }),
    ...(lowStockThreshold !== undefined && {
      lowStockThreshold: lowStockThreshold === null ? null : count(lowStockThreshold, Number.MAX_SAFE_INTEGER, 'INVALID_LOW_STOCK_THRESHOLD', 'low-stock threshold'),
    }),
  };
}

export function checkItem(item: CatalogItem): CatalogItem {
  return { ...item, ...checkFields(item) };
}
