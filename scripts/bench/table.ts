import type { Figure } from './stats';

export type Unit = 'events/s' | 'commands/s' | 'rows/s' | 'ms' | 'ratio' | 'count' | 's' | 'MB';

export interface Target {
  op: '>=' | '<=' | '<' | '=';
  value: number;
}

/** One figure on one data set, with its target when the issue sets one. */
export interface FigureRow {
  figure: string;
  /** The data it was measured on: a store size, a read model, a server. */
  store: string;
  unit: Unit;
  value: Figure;
  target?: Target;
}

export interface Table {
  headers: string[];
  rows: string[][];
}

export const atLeast = (value: number): Target => ({ op: '>=', value });
export const atMost = (value: number): Target => ({ op: '<=', value });
export const below = (value: number): Target => ({ op: '<', value });
export const exactly = (value: number): Target => ({ op: '=', value });

export const storeLabel = (events: number): string => (events >= 1_000_000 ? `${events / 1_000_000}M` : `${Math.round(events / 1000)}k`);

export function format(value: number, unit: Unit): string {
  if (unit === 'events/s' || unit === 'commands/s' || unit === 'rows/s' || unit === 'count') return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

export function passes(value: number, target: Target): boolean {
  if (target.op === '>=') return value >= target.value;
  if (target.op === '<=') return value <= target.value;
  if (target.op === '<') return value < target.value;
  return value === target.value;
}

export const verdict = (value: number, target?: Target): string => (target ? (passes(value, target) ? 'pass' : 'FAIL') : '—');

const SYMBOL: Record<Target['op'], string> = { '>=': '≥', '<=': '≤', '<': '<', '=': '=' };

export const targetText = (target: Target | undefined, unit: Unit): string =>
  target ? `${SYMBOL[target.op]} ${format(target.value, unit)}${unit === 'ratio' || unit === 'count' ? '' : ` ${unit}`}` : 'report';

function spread(value: Figure, unit: Unit): string {
  const sorted = [...value.runs].sort((a, b) => a - b);
  return `${format(sorted[0]!, unit)} – ${format(sorted[sorted.length - 1]!, unit)}`;
}

export function figureTable(rows: readonly FigureRow[], dataHeader = 'Store'): Table {
  return {
    headers: ['Figure', dataHeader, 'Median', 'Unit', 'Runs (min – max)', 'Target', 'Result'],
    rows: rows.map((r) => [r.figure, r.store, format(r.value.median, r.unit), r.unit, spread(r.value, r.unit), targetText(r.target, r.unit), verdict(r.value.median, r.target)]),
  };
}

export const allRowsPass = (rows: readonly FigureRow[]): boolean => rows.every((r) => !r.target || passes(r.value.median, r.target));

export function renderText(table: Table): string {
  const widths = table.headers.map((h, i) => Math.max(h.length, ...table.rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(table.headers), widths.map((w) => '-'.repeat(w)).join('  '), ...table.rows.map(line)].join('\n');
}

export function renderMarkdown(table: Table): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(table.headers), line(table.headers.map((_, i) => (i === 0 ? '---' : '---:'))), ...table.rows.map(line)].join('\n');
}
