import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = join(__dirname, '../../src/main.ts');

export interface SoakServer {
  url: string;
  pid: number;
  /** Resident memory of the server process now, in MB (Linux /proc). */
  rssMb(): number;
  stop(): Promise<number | null>;
}

/** The real server as its own process (as `npm start` runs it) over a fresh data directory. */
export async function startSoakServer(env: Record<string, string> = {}): Promise<SoakServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-soak-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, JWT_SECRET: 's'.repeat(40), LOG_LEVEL: 'info', JOBS_ENABLED: 'false', LOGIN_RATE_LIMIT_PER_IP: '100000', SIGNUP_RATE_LIMIT_PER_IP: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-10_000)));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (!line.includes('"listening"')) return;
      resolve((JSON.parse(line) as { port: number }).port);
    });
    void exited.then((code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  // Keep reading its log so the pipe never fills up and stalls the server.
  child.stdout!.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    rssMb() {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      return match ? Number(match[1]) / 1024 : Number.NaN;
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
