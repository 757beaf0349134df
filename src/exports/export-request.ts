import { z } from 'zod';
import type { ScanOptions } from '../projections/read-store';
import { EXPORT_FORMATS, EXPORT_KINDS, type ExportDefinition, type ExportFormat, type ExportKind } from './export-definition';
import { addDays, isCalendarDate, type Zone } from '../domain/time-zone';

const day = z.string().refine(isCalendarDate, 'must be a date written YYYY-MM-DD');

/** Inclusive days in the tenant's time zone. */
export interface ExportDays {
  from: string;
  to: string;
}

const days = z
  .object({ from: day, to: day })
  .refine((range) => range.from <= range.to, { message: 'must not be before from', path: ['to'] });
const noDays = z.object({ from: day.optional(), to: day.optional() });

/**
 * The days of an export: `from` and `to` (YYYY-MM-DD, inclusive, in the tenant's time zone) are
 * required by the exports that select by time, and ignored by a snapshot (stock); a ZodError names
 * the field otherwise.
 */
export function exportDays(definition: ExportDefinition, input: { from?: unknown; to?: unknown }): ExportDays | undefined {
  if (definition.rangeField === undefined) {
    noDays.parse({ from: input.from, to: input.to });
    return undefined;
  }
  return days.parse({ from: input.from, to: input.to });
}

/** `orders.csv` → its kind and format; undefined when it names none. */
export function exportFile(name: string): { kind: ExportKind; format: ExportFormat } | undefined {
  const match = /^([a-z]+)\.([a-z]+)$/.exec(name);
  const kind = EXPORT_KINDS.find((k) => k === match?.[1]);
  const format = EXPORT_FORMATS.find((f) => f === match?.[2]);
  return kind && format ? { kind, format } : undefined;
}

/** The export's pages: by its time field over the days' instants (`to`'s day included), or every document by id. */
export function scanOptions(definition: ExportDefinition, range: ExportDays | undefined, zone: Zone, batchSize?: number): ScanOptions {
  if (definition.rangeField === undefined || range === undefined) return { batchSize };
  if (definition.rangeKind === 'date') return { orderBy: definition.rangeField, from: range.from, to: addDays(range.to, 1), batchSize };
  return {
    orderBy: definition.rangeField,
    from: zone.startOfDay(range.from).toISOString(),
    to: zone.startOfDay(addDays(range.to, 1)).toISOString(),
    batchSize,
  };
}

/** `orders-2026-11-01_2026-11-30.xlsx`; a snapshot is named for the day it was taken (`stock-2026-11-30.csv`). */
export function exportFileName(kind: ExportKind, format: ExportFormat, range: ExportDays | undefined, today: string): string {
  return range ? `${kind}-${range.from}_${range.to}.${format}` : `${kind}-${today}.${format}`;
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
