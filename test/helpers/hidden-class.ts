import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--allow-natives-syntax');

/** Whether V8 gives two objects the same hidden class (map): what inline caches key on. */
export const sameHiddenClass = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many times, over `count` objects made one after another, an object's map differs from the previous one's. */
export function hiddenClassChanges(count: number, make: (i: number) => object): number {
  let changes = 0;
  let previous: object | undefined;
  for (let i = 0; i < count; i++) {
    const made = make(i);
    if (previous && !sameHiddenClass(previous, made)) changes++;
    previous = made;
  }
  return changes;
}
