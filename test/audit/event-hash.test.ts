import { recomputeEventHash } from '../../src/audit/event-hash';
import { canonicalJson } from '../../src/commands/canonical-json';
import { eventHash } from '../../src/commands/hash-chain';

/** A random JSON value, with the keys that trip sorted serialisers: integer-like, unicode, `__proto__`, empty. */
function randomJson(depth: number, random: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const scalars = [null, true, false, 0, -0, 1.5, -42, 1e21, 2 ** 53 - 1, '', 'Phở "bò"\n\t\\', '\u2028\ud83c\udf5c', 'x'.repeat(50)];
  if (depth === 0 || random() < 0.3) return pick(scalars);
  if (random() < 0.3) return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(depth - 1, random));
  const keys = ['b', 'a', 'B', '10', '2', '0', '01', '-1', '4294967295', '4294967294', '', 'ä', 'é', '__proto__', 'z z', 'constructor'];
  const text = `{${Array.from({ length: Math.floor(random() * 6) }, () => `${JSON.stringify(pick(keys))}:${JSON.stringify(randomJson(depth - 1, random))}`).join(',')}}`;
  return JSON.parse(text);
}

/** The definition canonicalJson must match byte for byte: JSON.stringify with a key-sorting replacer. */
function sortingReplacerJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

describe('re-hashing parsed events', () => {
  it('canonicalJson equals a key-sorting replacer, byte for byte, on 5,000 random values', () => {
    const random = seeded(7);
    for (let i = 0; i < 5000; i++) {
      const value = randomJson(4, random);
      expect(canonicalJson(value)).toBe(sortingReplacerJson(value));
    }
  });

  it('canonicalJson equals the replacer on values built in code: dates, toJSON, undefined, functions', () => {
    const values = [
      { b: new Date(0), a: [undefined, () => 1, new Date(1e12)], c: undefined, d: { toJSON: () => ({ z: 1, y: [2] }) } },
      [new Date(5), { k: Symbol('s'), j: Number.NaN, i: Infinity }],
      { nested: { '2': 'two', '10': 'ten', b: { y: 1, x: 2 } } },
    ];
    for (const value of values) expect(canonicalJson(value)).toBe(sortingReplacerJson(value));
  });

  it('recomputes the hash the command pipeline gave an event', () => {
    const random = seeded(11);
    for (let i = 0; i < 500; i++) {
      const data = randomJson(3, random);
      const metadata = { tenantId: 't_1', actor: { userId: 'u_1', role: 'waiter' }, prevHash: 'f'.repeat(64), extra: randomJson(2, random) };
      const hash = eventHash('f'.repeat(64), 'OrderPlaced', data, metadata);
      expect(recomputeEventHash('f'.repeat(64), 'OrderPlaced', data, { ...metadata, hash })).toBe(hash);
    }
  });

  it('any change to prevHash, type, data or metadata changes the hash', () => {
    const data = { orderId: 'o_1', lines: [{ lineId: 'L1', quantity: 2 }] };
    const metadata = { tenantId: 't_1', actor: { userId: 'u_1', role: 'waiter' } };
    const hash = recomputeEventHash('0'.repeat(64), 'OrderPlaced', data, metadata);
    expect(new Set([
      hash,
      recomputeEventHash('1'.repeat(64), 'OrderPlaced', data, metadata),
      recomputeEventHash('0'.repeat(64), 'OrderCancelled', data, metadata),
      recomputeEventHash('0'.repeat(64), 'OrderPlaced', { ...data, orderId: 'o_2' }, metadata),
      recomputeEventHash('0'.repeat(64), 'OrderPlaced', data, { ...metadata, actor: { userId: 'u_2', role: 'waiter' } }),
    ]).size).toBe(5);
    // The recorded hash itself is not hashed: adding it changes nothing.
    expect(recomputeEventHash('0'.repeat(64), 'OrderPlaced', data, { ...metadata, hash })).toBe(hash);
  });
});
