import type { Doc } from '../projections/read-store';
import type { CellValue } from './columns';

/** Reads a read-model field as a cell value: strings and finite numbers as they are, anything else empty. */
export function field(doc: Doc, name: string): CellValue {
  const value = doc[name];
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : null;
}

/** The elements of an array field (none when it is not an array). */
export const list = (doc: Doc, name: string): Doc[] => (Array.isArray(doc[name]) ? (doc[name] as unknown[]).filter((e): e is Doc => typeof e === 'object' && e !== null) : []);

/**
 * Field readers for one read model's documents, named by its view type: a renamed field fails to
 * compile here instead of exporting an empty column.
 */
export const fieldsOf = <View>() => ({
  field: (name: keyof View & string) => (doc: Doc): CellValue => field(doc, name),
  list: (doc: Doc, name: keyof View & string): Doc[] => list(doc, name),
});
