import type { CommandLoadConfig, CommandLoadResult } from './command-load';
import { atLeast, atMost, exactly, figureTable, type FigureRow, type Table } from './table';

/** How a command's load figures are named, and the targets for them. */
export interface CommandLoadLabels {
  /** e.g. `PlaceOrder`, `SellItems`. */
  command: string;
  /** What one answered command is, per second: `orders/s`, `sales/s`. */
  rateLabel: string;
  minPerSecond: number;
  maxP99Ms: number;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const n = (value: number): string => value.toLocaleString('en-US');
const BARE = 'Bare Express route, same JSON, 201 answers';

export function commandLoadRows(result: CommandLoadResult, config: CommandLoadConfig, labels: CommandLoadLabels): FigureRow[] {
  const load = `${config.connections} conn × ${config.seconds} s`;
  const { command } = labels;
  return [
    { figure: `${command}, 201 answers`, store: load, unit: 'commands/s', value: result.perSecond, target: atLeast(labels.minPerSecond) },
    { figure: `${command}, p50 latency`, store: load, unit: 'ms', value: result.p50Ms },
    { figure: `${command}, p99 latency`, store: load, unit: 'ms', value: result.p99Ms, target: atMost(labels.maxP99Ms) },
    { figure: BARE, store: load, unit: 'commands/s', value: result.barePerSecond },
    { figure: 'Bare Express route, p50 latency', store: load, unit: 'ms', value: result.bareP50Ms },
    { figure: 'Bare Express route, p99 latency', store: load, unit: 'ms', value: result.bareP99Ms },
    { figure: `${command} ÷ bare Express`, store: load, unit: 'ratio', value: result.ratio },
    { figure: `${command} errors, all runs (non-201, socket errors, timeouts)`, store: load, unit: 'count', value: { median: sum(result.errors), runs: result.errors }, target: exactly(0) },
    { figure: 'Bare Express errors, all runs', store: load, unit: 'count', value: { median: sum(result.bareErrors), runs: result.bareErrors }, target: exactly(0) },
  ];
}

/** The figure table, with the rate rows counted in what they count (orders/s, sales/s, req/s). */
export function commandLoadTable(figures: readonly FigureRow[], labels: CommandLoadLabels): Table {
  const rateLabel: Record<string, string> = { [`${labels.command}, 201 answers`]: labels.rateLabel, [BARE]: 'req/s' };
  const t = figureTable(figures, 'Load');
  t.rows = t.rows.map((row) => {
    const label = rateLabel[row[0]!];
    return label ? row.map((cell, i) => (i === 3 ? label : i === 5 ? cell.replace('commands/s', label) : cell)) : row;
  });
  return t;
}

export function commandLoadNotes(result: CommandLoadResult, labels: CommandLoadLabels, what: string): string[] {
  const codes = Object.entries(result.statusCodes).map(([code, count]) => `${code}: ${n(count)}`);
  return [
    `${what} in the measured runs: ${n(result.answered)} (status codes of all ${labels.command} runs: ${codes.join(', ') || 'none'}).`,
    'The errors rows give the total over all runs, not a median.',
  ];
}
