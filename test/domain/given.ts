import type { Decider } from '../../src/domain/decider';
import { DomainError } from '../../src/domain/errors';

/** given(events).when(command).then(events) | .thenThrows(code): specs that read like the rule. */
export function specFor<S, C, E>(decider: Decider<S, C, E>) {
  return (given: E[] = []) => ({
    when(command: C) {
      const run = () => decider.decide(command, given.reduce(decider.evolve, decider.initialState()));
      return {
        then(expected: E[]) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code: string) {
          let error: unknown;
          try {
            run();
          } catch (e) {
            error = e;
          }
          expect(error).toBeInstanceOf(DomainError);
          expect((error as DomainError).code).toBe(code);
        },
      };
    },
  });
}
