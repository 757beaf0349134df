import { withFields } from '../../src/domain/with-fields';
import { hiddenClassChanges } from '../helpers/hidden-class';

describe('withFields', () => {
  it('is the spread of the base and then the fields, in a new object, leaving the base as it was', () => {
    const base = { a: 1, b: 'x', c: null as string | null };
    const made = withFields(base, { c: 'y', d: 4 });
    expect(made).toEqual({ ...base, ...{ c: 'y', d: 4 } });
    expect(Object.keys(made)).toEqual(['a', 'b', 'c', 'd']);
    expect(base).toEqual({ a: 1, b: 'x', c: null });
    expect(made).not.toBe(base);
  });

  it('gives the objects it makes from bases of one shape one hidden class', () => {
    const state = (i: number) => ({ table: null as string | null, lines: [i], totalMinor: i });
    expect(hiddenClassChanges(2000, (i) => withFields(state(i), { orderId: `o${i}`, table: `${i}`, status: 'PENDING' }))).toBe(0);
    // Chained, as an evolve folds events.
    expect(hiddenClassChanges(2000, (i) => withFields(withFields(state(i), { orderId: `o${i}` }), { paidMinor: i }))).toBe(0);
  });
});
