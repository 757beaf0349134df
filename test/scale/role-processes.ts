import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = join(__dirname, '../../src/main.ts');

export type RoleName = 'all' | 'api' | 'projector' | 'worker';

export interface RoleProcess {
  role: RoleName;
  child: ChildProcess;
  /** Its API (all, api) or its /health, /ready and /metrics (projector, worker). */
  url: string;
  /** Every line it wrote, stdout and stderr. */
  logs: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `npm start -- --role <role>` as its own process and waits until it listens (a loaded machine may take a while). */
export async function spawnRole(role: RoleName, env: Record<string, string>, timeoutMs = 45_000): Promise<RoleProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--role', role], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  // ROLE_LOGS_DIR=… keeps every process's lines in a file of its own, to read after a failure.
  if (process.env.ROLE_LOGS_DIR) {
    const file = join(process.env.ROLE_LOGS_DIR, `${role}-${child.pid}.log`);
    const push = logs.push.bind(logs);
    logs.push = (...lines: string[]) => {
      appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
      return push(...lines);
    };
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  createInterface({ input: child.stderr! }).on('line', (line) => logs.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not listen within ${timeoutMs} ms:\n${logs.join('\n')}`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      logs.push(line);
      const entry = parse(line);
      if (entry?.msg === 'listening' && typeof entry.port === 'number') {
        clearTimeout(timer);
        resolve(entry.port);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code ?? signal}:\n${logs.join('\n')}`));
    });
  });
  return { role, child, url: `http://127.0.0.1:${port}`, logs, exited };
}

function parse(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The JSON log lines of a process, parsed. */
export const logEntries = (p: RoleProcess): Record<string, any>[] => p.logs.map(parse).filter((e): e is Record<string, any> => e !== undefined);

/** kill -9 and wait for the exit. */
export async function killHard(p: RoleProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  await p.exited;
}

/** Every process still running is killed (afterAll: nothing may outlive the test). */
export async function killAll(processes: readonly (RoleProcess | undefined)[]): Promise<void> {
  await Promise.all(processes.filter((p): p is RoleProcess => p !== undefined).map(killHard));
}

/** Polls `check` until it answers true (no fixed sleeps); throws with the last answer on timeout. */
export async function eventually<T>(what: string, probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (check(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms; last: ${JSON.stringify(last) ?? String(lastError)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A prefix of Redis keys and channels no other run shares. */
export const uniquePrefix = (name: string): string => `pos-test-${name}-${process.pid}-${Date.now().toString(36)}:`;
