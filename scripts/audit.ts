/**
 * npm run audit -- export --tenant <tenantId> [--from <position>] [--out <file>]
 * npm run audit -- verify <file>
 *
 * `export` writes a tenant's history as NDJSON (stdout unless --out), straight from the event
 * store the server uses (same DATA_DIR / EVENTSTORE_URL). `verify` checks such a file offline:
 * hash chains, revision sequences, positions, completeness. Exit code 0 when all holds, 1 when
 * not (or nothing was exported), 2 for a wrong command line.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import pino from 'pino';
import { exportTenantHistory } from '../src/audit/ndjson-export';
import { verifyExportFile, type FileVerifyReport } from '../src/audit/ndjson-verify';
import { ConfigError, loadConfig } from '../src/config/config';
import { position } from '../src/eventstore/types';
import { createStores } from '../src/stores';

const USAGE = 'Usage:\n  npm run audit -- export --tenant <tenantId> [--from <position>] [--out <file>]\n  npm run audit -- verify <file>\n';

class UsageError extends Error {}

function options(args: string[], allowed: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i]!, args[i + 1]];
    if (!allowed.includes(flag)) throw new UsageError(`Unknown option ${flag}`);
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    found.set(flag, value);
  }
  return found;
}

async function exportCommand(args: string[]): Promise<number> {
  const given = options(args, ['--tenant', '--from', '--out']);
  const tenantId = given.get('--tenant');
  if (!tenantId || !/^[A-Za-z0-9_-]+$/.test(tenantId)) throw new UsageError('--tenant must be a tenant id (letters, digits, _ and -)');
  const from = given.get('--from') ?? '0';
  if (!/^\d{1,19}$/.test(from)) throw new UsageError('--from must be a position (a decimal number)');
  const config = loadConfig();
  // Logs go to stderr: stdout may be the export itself.
  const stores = createStores(config, pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, pino.destination(2)));
  const file = given.get('--out');
  const out = file ? createWriteStream(file) : process.stdout;
  try {
    const end = await exportTenantHistory(stores.store, tenantId, (chunk) => (out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined)), {
      fromPosition: position(BigInt(from)),
    });
    if (file) {
      out.end();
      await once(out, 'finish');
    }
    process.stderr.write(`Exported ${end.events} events of tenant ${tenantId} (after position ${from}, up to ${end.lastPosition})${file ? ` to ${file}` : ''}\n`);
    if (end.events === 0) process.stderr.write(`No events: is ${tenantId} the right tenant id?\n`);
    return end.events === 0 ? 1 : 0;
  } finally {
    await stores.close();
  }
}

function describe(report: FileVerifyReport, file: string): string {
  const what = `${report.events} events in ${report.streams} streams${report.tenantId ? ` of tenant ${report.tenantId}` : ''}`;
  if (report.ok) return `OK ${file}: ${what}; every hash chain, revision sequence and position holds${report.fromPosition !== '0' ? ` (the export starts after position ${report.fromPosition})` : ''}.`;
  const broken = report.firstBroken!;
  const where = broken.stream ? ` in stream ${broken.stream} at revision ${broken.revision} (position ${broken.position})` : '';
  return `BROKEN ${file}: ${broken.problem}${where}: ${broken.detail}. Checked ${what}.`;
}

async function verifyCommand(args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('verify takes one file');
  let report: FileVerifyReport;
  try {
    report = await verifyExportFile(args[0]!);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    process.stderr.write(`Cannot read ${args[0]}: ${(error as Error).message}\n`);
    return 1;
  }
  const message = describe(report, args[0]!);
  (report.ok ? process.stdout : process.stderr).write(`${message}\n`);
  return report.ok ? 0 : 1;
}

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  try {
    if (command === 'export') return await exportCommand(args);
    if (command === 'verify') return await verifyCommand(args);
    throw new UsageError(command ? `Unknown command ${command}` : 'No command');
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : ((error as Error).stack ?? String(error))}\n`);
    process.exitCode = 1;
  },
);
