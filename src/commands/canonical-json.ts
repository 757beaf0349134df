/**
 * JSON with object keys sorted at every depth, so equal values always hash the same: what
 * `JSON.stringify` with a key-sorting replacer writes, byte for byte (keys sorted, integer-like
 * keys first in numeric order as JavaScript enumerates them, `toJSON` honoured, `__proto__` left
 * out), built as a sorted copy handed to the native `JSON.stringify` — no replacer call per value,
 * which costs several times as much on every command and every re-hashed event.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

/** The sorted key order of each key list seen; events of one type share a few shapes. Bounded. */
const orders = new Map<string, string[]>();
const MAX_SHAPES = 10_000;

const sortKeys = (keys: string[]): string[] => keys.filter((k) => k !== '__proto__').sort();

function sortedOrder(object: object, keys: string[]): string[] {
  const shape = keys.join('\u0000');
  const known = orders.get(shape);
  // A shape is only a hint (keys may contain the separator): the order must hold exactly these keys.
  if (known && known.length === keys.length && known.every((k) => Object.hasOwn(object, k))) return known;
  const order = sortKeys(keys);
  if (order.length !== keys.length) return order; // `__proto__` present: rare, not cached
  if (orders.size >= MAX_SHAPES) orders.clear();
  orders.set(shape, order);
  return order;
}

function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return sortedCopy((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) {
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = sortedCopy(value[i]);
    return copy;
  }
  const copy: Record<string, unknown> = {};
  for (const key of sortedOrder(value, Object.keys(value))) copy[key] = sortedCopy((value as Record<string, unknown>)[key]);
  return copy;
}
