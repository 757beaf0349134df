import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

/** One POST load run, as autocannon measures it in a process of its own. */
export interface LoadRun {
  /** 201 answers ÷ the run's duration. */
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  answers201: number;
  /** Answers other than 201, socket errors and timeouts. */
  errors: number;
  /** Status codes seen, with counts (to report what went wrong). */
  statusCodes: Record<string, number>;
}

export interface LoadSpec {
  url: string;
  body: string;
  token?: string;
  connections: number;
  seconds: number;
}

const AUTOCANNON = resolve(__dirname, '..', '..', 'node_modules', 'autocannon', 'autocannon.js');

interface AutocannonJson {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  latency: { p50: number; p99: number };
  statusCodeStats: Record<string, { count: number }>;
}

/**
 * Runs `node node_modules/autocannon/autocannon.js … --json` in a child process (so the load
 * generator never shares the server's event loop) and parses its result.
 */
export function runLoad(spec: LoadSpec): Promise<LoadRun> {
  const args = [
    AUTOCANNON,
    '--connections', String(spec.connections),
    '--duration', String(spec.seconds),
    '--method', 'POST',
    '--headers', 'content-type=application/json',
    ...(spec.token ? ['--headers', `authorization=Bearer ${spec.token}`] : []),
    '--body', spec.body,
    '--timeout', '10',
    '--json',
    '--no-progress',
    spec.url,
  ];
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`autocannon exited with ${code}: ${err}`));
      try {
        const r = JSON.parse(out.trim().split('\n').pop()!) as AutocannonJson;
        const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count]));
        const answers201 = statusCodes['201'] ?? 0;
        const others = Object.entries(statusCodes).reduce((sum, [code, count]) => sum + (code === '201' ? 0 : count), 0);
        resolvePromise({
          perSecond: answers201 / r.duration,
          p50Ms: r.latency.p50,
          p99Ms: r.latency.p99,
          answers201,
          errors: others + r.errors + r.timeouts,
          statusCodes,
        });
      } catch (error) {
        reject(new Error(`could not parse autocannon output (${String(error)}): ${out.slice(0, 500)} ${err.slice(0, 500)}`));
      }
    });
  });
}
