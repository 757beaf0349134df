/**
 * `{ ...base, ...fields }`, built so that objects of one shape share one hidden class.
 *
 * In V8 (Node 20) a copy made by spreading gets a hidden class (map) of its own as soon as it gains
 * a field its source lacked: `{ ...state, orderId }` makes a new map on every call (about 2 µs,
 * against 0.16 µs here), and every property access that later meets such an object misses its
 * inline cache and looks the field up in the runtime. `Object.assign` onto a fresh literal
 * reaches the same value through the shared maps of ordinary object literals. A spread that only
 * replaces fields its source already has keeps its source's map and needs no help.
 *
 * The sources are the program's own objects (states, contexts, documents): `Object.assign` sets
 * keys where a spread defines them, which differs only for an own key named `__proto__`.
 */
export function withFields<B extends object, F extends object>(base: B, fields: F): Omit<B, keyof F> & F {
  return Object.assign({}, base, fields) as Omit<B, keyof F> & F;
}
