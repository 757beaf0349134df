import { runLoad, type LoadRun } from './load';
import { startBareExpress } from './restaurant-server';
import { figure, repeat, type Figure } from './stats';

export interface CommandLoadConfig {
  runs: number;
  connections: number;
  /** Seconds of load per run, for each of the two servers. */
  seconds: number;
  warmupSeconds: number;
}

/** A command route of the real server, and one real answer to the body every request sends. */
export interface CommandTarget {
  url: string;
  token: string;
  body: string;
  sample: unknown;
}

export interface CommandLoadResult {
  perSecond: Figure;
  p50Ms: Figure;
  p99Ms: Figure;
  barePerSecond: Figure;
  bareP50Ms: Figure;
  bareP99Ms: Figure;
  /** command/s ÷ bare req/s, run by run. */
  ratio: Figure;
  /** Non-201 answers, socket errors and timeouts, per run. */
  errors: number[];
  bareErrors: number[];
  /** Status codes of all command runs together. */
  statusCodes: Record<string, number>;
  /** 201 answers over the measured runs. */
  answered: number;
}

const log = (message: string): void => void process.stderr.write(`  ${message}\n`);
const show = (name: string, r: LoadRun): string =>
  `${name}: ${Math.round(r.perSecond)}/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, errors ${r.errors} (${JSON.stringify(r.statusCodes)})`;

/**
 * A command over HTTP on the real server, then the same load on a bare Express route (answering
 * the command's real answer) in this process, run after run; autocannon runs in a child process.
 */
export async function measureAgainstBare(name: string, target: CommandTarget, config: CommandLoadConfig): Promise<CommandLoadResult> {
  const bare = await startBareExpress(target.sample);
  try {
    const commands = (seconds: number) => runLoad({ url: target.url, body: target.body, token: target.token, connections: config.connections, seconds });
    const plain = (seconds: number) => runLoad({ url: bare.url, body: target.body, connections: config.connections, seconds });
    log(show('warm-up bare', await plain(config.warmupSeconds)));
    log(show(`warm-up ${name}`, await commands(config.warmupSeconds)));
    const runs = await repeat(config.runs, async () => {
      const b = await plain(config.seconds);
      log(show('bare Express', b));
      const c = await commands(config.seconds);
      log(show(name, c));
      return { c, b };
    });
    const statusCodes: Record<string, number> = {};
    for (const { c } of runs) for (const [code, count] of Object.entries(c.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
    return {
      perSecond: figure(runs.map((r) => r.c.perSecond)),
      p50Ms: figure(runs.map((r) => r.c.p50Ms)),
      p99Ms: figure(runs.map((r) => r.c.p99Ms)),
      barePerSecond: figure(runs.map((r) => r.b.perSecond)),
      bareP50Ms: figure(runs.map((r) => r.b.p50Ms)),
      bareP99Ms: figure(runs.map((r) => r.b.p99Ms)),
      ratio: figure(runs.map((r) => r.c.perSecond / r.b.perSecond)),
      errors: runs.map((r) => r.c.errors),
      bareErrors: runs.map((r) => r.b.errors),
      statusCodes,
      answered: runs.reduce((sum, r) => sum + r.c.answers201, 0),
    };
  } finally {
    await bare.close();
  }
}
