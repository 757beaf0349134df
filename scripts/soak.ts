/**
 * npm run soak -- --minutes N [--terminals T] [--displays D]
 * Runs the real server as its own process under a realistic mix for N minutes (10 by default)
 * and prints throughput, p50/p99 per route, errors, RSS over time and push lag. Exits 1 when a
 * promise is broken: any error, push lag p99 of 1 s or more, or memory growing once warm.
 */
import { runSoak, soakReport, soakVerdict } from './soak/run-soak';

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isFinite(value) || value <= 0) {
    process.stderr.write(`--${name} needs a positive number\n`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const minutes = option('minutes', 10);
  const result = await runSoak({
    seconds: Math.round(minutes * 60),
    terminals: option('terminals', 16),
    displays: option('displays', 6),
    progress: (line) => process.stderr.write(`  ${line}\n`),
  });
  process.stdout.write(`${soakReport(result)}\n`);
  // Over minutes, warm memory may move by the SQLite page cache settling; growth beyond this is a leak.
  const failures = soakVerdict(result, { maxLagMs: 1000, maxWarmGrowthMb: 40 });
  process.stdout.write(failures.length === 0 ? 'PASS\n' : `FAIL\n${failures.map((f) => `  - ${f}`).join('\n')}\n`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
