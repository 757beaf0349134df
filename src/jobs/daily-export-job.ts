import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { loadState } from '../commands/load-state';
import { streams } from '../commands/streams';
import { lastEndedBusinessDay } from '../domain/reports/business-day';
import { minorDigits } from '../domain/money';
import { tenantDecider } from '../domain/tenant/tenant';
import type { EventStore } from '../eventstore/types';
import type { ExportFormat, ExportKind } from '../exports/export-definition';
import { EXPORTS } from '../exports/export-kinds';
import { writeExport } from '../exports/write-export';
import type { ReadStore } from '../projections/read-store';
import type { Job } from './job';
import { tenantDirectory } from './tenant-ids';

export interface DailyExportOptions {
  store: EventStore;
  readStore: ReadStore;
  /** Files go to `<dir>/<tenant>/scheduled/`. */
  dir: string;
  schedule: string;
  now?: () => Date;
}

/** What each tenant finds every morning: the day's figures, and its sales (retail) or orders (restaurant). */
const FILES: Record<'RETAIL' | 'RESTAURANT', { kind: ExportKind; format: ExportFormat }[]> = {
  RETAIL: [
    { kind: 'daily', format: 'csv' },
    { kind: 'sales', format: 'xlsx' },
  ],
  RESTAURANT: [
    { kind: 'daily', format: 'csv' },
    { kind: 'orders', format: 'xlsx' },
  ],
};

/**
 * The scheduled daily export: for each tenant, the business day that has just ended, written
 * under DATA_DIR/exports/<tenant>/scheduled/ (`daily-2026-11-24.csv`, `sales-2026-11-24.xlsx`).
 * A file is written to a temporary name and renamed when complete; one already there is kept, so
 * a second run (another worker, a retry) writes nothing twice.
 */
export function createDailyExportJob(options: DailyExportOptions): Job {
  const tenantIds = tenantDirectory(options.store);
  return {
    name: 'daily-export',
    schedule: options.schedule,
    async run({ signal }) {
      const now = options.now?.() ?? new Date();
      const written: string[] = [];
      let tenants = 0;
      for (const tenantId of await tenantIds()) {
        if (signal.aborted) break;
        const { profile, dayCloseTime } = await loadState(options.store, tenantDecider, streams.tenant(tenantId));
        if (!profile) continue;
        tenants++;
        const day = lastEndedBusinessDay(now, profile.timezone, dayCloseTime);
        const folder = join(options.dir, tenantId, 'scheduled');
        mkdirSync(folder, { recursive: true });
        for (const { kind, format } of FILES[profile.businessType]) {
          const file = join(folder, `${kind}-${day}.${format}`);
          if (existsSync(file)) continue;
          const partial = `${file}.partial`;
          const out = createWriteStream(partial);
          try {
            await writeExport({
              readStore: options.readStore,
              definition: EXPORTS[kind]!,
              tenantId,
              days: { from: day, to: day },
              context: { currency: profile.currency, digits: minorDigits(profile.currency), timeZone: profile.timezone },
              format,
              out,
              signal,
            });
            // The writer ends the file; it is renamed once it is wholly on disk.
            await finished(out);
            renameSync(partial, file);
            written.push(`${tenantId}/${kind}-${day}.${format}`);
          } catch (error) {
            out.destroy();
            rmSync(partial, { force: true });
            throw error;
          }
        }
      }
      return { tenants, files: written.length, written: written.slice(0, 20) };
    },
  };
}
