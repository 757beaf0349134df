import { mkdirSync } from 'node:fs';
import { measureAgainstBare, type CommandLoadConfig, type CommandLoadResult } from './command-load';
import { repeatPushes, type PushRuns } from './push';
import { startRetailTarget } from './retail-server';

export interface RetailConfig extends CommandLoadConfig {
  /** Sales per second for the push latency runs (open loop). */
  pushRate: number;
  pushSeconds: number;
}

export interface RetailResult extends PushRuns {
  load: CommandLoadResult;
}

/**
 * SellItems over HTTP on the real server against a bare Express route (closed loop), then the
 * time from a sale's answer to its `stock.changed` push at a steady rate (open loop).
 */
export async function measureRetail(dataDir: string, config: RetailConfig): Promise<RetailResult> {
  process.stderr.write('retail sales:\n');
  mkdirSync(dataDir, { recursive: true });
  const target = await startRetailTarget(dataDir);
  try {
    const load = await measureAgainstBare('SellItems', target, config);
    const pushTarget = {
      socket: target.socket,
      event: 'stock.changed',
      okStatus: 201,
      send: async () => {
        const res = await fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` }, body: target.body });
        return { status: res.status, body: (await res.json()) as { position?: unknown; code?: unknown } };
      },
    };
    return { load, ...(await repeatPushes(pushTarget, config.pushRate, config.pushSeconds, config.runs, 'stock.changed')) };
  } finally {
    await target.close();
  }
}
