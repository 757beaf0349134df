/**
 * Case- and diacritic-insensitive search tokens: "Phở bò" → ["pho", "bo"], "Cà phê sữa đá" →
 * ["ca", "phe", "sua", "da"]. NFD splits letters from their marks, which are then dropped; đ has
 * no decomposition and is mapped by hand.
 */
export function normaliseText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/** Words of a name: runs of letters and digits. */
export function wordTokens(text: string): string[] {
  return normaliseText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A code (SKU, barcode) is one token, kept whole, so "abc-1" matches it by prefix. */
export function codeToken(code: string): string {
  return normaliseText(code.trim());
}

/** The tokens of a query: whitespace-separated, each normalised. */
export function queryTokens(query: string): string[] {
  return normaliseText(query)
    .split(/\s+/)
    .map((t) => t.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((t) => t.length > 0)
    .slice(0, 8);
}
