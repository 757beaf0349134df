import { ConfigError } from '../config/config';
import { allProjections } from '../projections/all-projections';
import type { Projection } from '../projections/projection';

/** The projections named in PROJECTIONS (comma-separated; empty = all of them). */
export function selectProjections(names: string): readonly Projection[] {
  const wanted = names.split(',').map((n) => n.trim()).filter((n) => n !== '');
  if (wanted.length === 0) return allProjections;
  const unknown = wanted.filter((name) => !allProjections.some((p) => p.name === name));
  if (unknown.length > 0) {
    throw new ConfigError([`PROJECTIONS: unknown projection ${unknown.join(', ')}; known: ${allProjections.map((p) => p.name).join(', ')} (got ${JSON.stringify(names)})`]);
  }
  return allProjections.filter((p) => wanted.includes(p.name));
}
