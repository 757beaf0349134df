import { join } from 'node:path';

/** Whether this build runs compiled (dist) or from the TypeScript sources (tsx, ts-jest): all of it alike. */
const compiled = __filename.endsWith('.js');

/**
 * How to start a worker thread on the module `name` of `dir`: the compiled JavaScript beside it,
 * or, when running from TypeScript sources, an evaluated bootstrap that loads it through tsx.
 */
export function workerSource(dir: string, name: string): { source: string; eval: boolean } {
  if (compiled) return { source: join(dir, `${name}.js`), eval: false };
  const tsx = require.resolve('tsx/cjs', { paths: [dir] });
  return { source: `require(${JSON.stringify(tsx)}); require(${JSON.stringify(join(dir, `${name}.ts`))});`, eval: true };
}
