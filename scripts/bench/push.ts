import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { figure, percentile, repeat, type Figure } from './stats';

export interface PushFigures {
  /** Push arrival − HTTP answer arrival for the same position, clamped at 0. */
  pushP50Ms: number;
  pushP99Ms: number;
  pushMaxMs: number;
  /** Pushes that arrived before their command's HTTP answer (counted as 0 ms). */
  pushesFirst: number;
  /** HTTP answer arrival − send. */
  httpP50Ms: number;
  httpP99Ms: number;
  /** Commands answered 200 per second, from the first send to the last answer. */
  commandsPerSecond: number;
  /** Failed requests, non-200 answers, and answers whose push never came. */
  errors: number;
}

export interface PushRun {
  figures: PushFigures;
  /** The errors by kind: `failed`, the HTTP status, or `push missing`. */
  errorKinds: Record<string, number>;
}

/** A command that, once answered, is pushed with the answer's position. */
export interface PushTarget {
  socket: Socket;
  /** The push that follows the command (e.g. `catalog.changed`, `stock.changed`). */
  event: string;
  /** The status a successful command answers. */
  okStatus: number;
  /** Sends the i-th command; answers the status and the parsed body (a position, or a problem code). */
  send(i: number): Promise<{ status: number; body: { position?: unknown; code?: unknown } }>;
}

/** How long to wait, after the last answer, for pushes still on their way. */
const DRAIN_MS = 3000;

interface Answered {
  sentAt: number;
  answeredAt: number;
  position: string;
}

/**
 * Open loop: the target's commands, sent on a 1 ms timer as the schedule falls due — never
 * waiting for an answer before the next send — at `rate` per second for `seconds`. Each answer's
 * arrival time and position, and each push's arrival time, are recorded; they are matched by
 * position afterwards.
 */
export async function measurePushes(target: PushTarget, rate: number, seconds: number): Promise<PushRun> {
  const pushes = new Map<string, number>();
  const onPush = (payload: { position?: unknown }): void => void pushes.set(String(payload.position), performance.now());
  target.socket.on(target.event, onPush);
  const total = Math.round(rate * seconds);
  const answered: Answered[] = [];
  const errorKinds: Record<string, number> = {};
  const error = (kind: string): void => void (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
  const send = async (i: number): Promise<void> => {
    const sentAt = performance.now();
    try {
      const { status, body } = await target.send(i);
      const answeredAt = performance.now();
      if (status === target.okStatus && typeof body.position === 'string') answered.push({ sentAt, answeredAt, position: body.position });
      else error(`HTTP ${status}${typeof body.code === 'string' ? ` ${body.code}` : ''}`);
    } catch {
      error('failed');
    }
  };
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate) + 1);
      while (inFlight.length < due) inFlight.push(send(inFlight.length));
      if (inFlight.length === total) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  await Promise.all(inFlight);
  const lastAnswer = answered.reduce((last, a) => Math.max(last, a.answeredAt), start);
  const drainUntil = performance.now() + DRAIN_MS;
  while (answered.some((a) => !pushes.has(a.position)) && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  target.socket.off(target.event, onPush);

  const delivered = answered.filter((a) => pushes.has(a.position));
  if (delivered.length === 0) throw new Error(`No command was answered and pushed (${answered.length} answered; errors: ${JSON.stringify(errorKinds)})`);
  const raw = delivered.map((a) => pushes.get(a.position)! - a.answeredAt);
  const latencies = Float64Array.from(raw, (ms) => Math.max(0, ms));
  if (delivered.length < answered.length) errorKinds['push missing'] = answered.length - delivered.length;
  const errors = Object.values(errorKinds).reduce((sum, count) => sum + count, 0);
  const figures: PushFigures = {
    pushP50Ms: percentile(latencies, 50),
    pushP99Ms: percentile(latencies, 99),
    pushMaxMs: Math.max(...latencies),
    pushesFirst: raw.filter((ms) => ms < 0).length,
    httpP50Ms: percentile(Float64Array.from(answered, (a) => a.answeredAt - a.sentAt), 50),
    httpP99Ms: percentile(Float64Array.from(answered, (a) => a.answeredAt - a.sentAt), 99),
    commandsPerSecond: answered.length / ((lastAnswer - start) / 1000),
    errors,
  };
  return { figures, errorKinds };
}

export interface PushRuns {
  push: Record<keyof PushFigures, Figure>;
  /** Errors by kind, over all runs. */
  pushErrorKinds: Record<string, number>;
}

/** A 1 s warm-up, then `runs` runs of `seconds` at `rate`; each figure is the median over the runs. */
export async function repeatPushes(target: PushTarget, rate: number, seconds: number, runs: number, label: string): Promise<PushRuns> {
  await measurePushes(target, rate, 1);
  const pushErrorKinds: Record<string, number> = {};
  const results = await repeat(runs, async () => {
    const { figures: run, errorKinds } = await measurePushes(target, rate, seconds);
    for (const [kind, count] of Object.entries(errorKinds)) pushErrorKinds[kind] = (pushErrorKinds[kind] ?? 0) + count;
    const errors = Object.entries(errorKinds).map(([kind, count]) => `${count} ${kind}`);
    process.stderr.write(`  ${label}: p99 ${run.pushP99Ms.toFixed(1)} ms, HTTP p99 ${run.httpP99Ms.toFixed(1)} ms, ${Math.round(run.commandsPerSecond)} commands/s, errors: ${errors.join(', ') || 'none'}\n`);
    return run;
  });
  const keys = Object.keys(results[0]!) as (keyof PushFigures)[];
  return { push: Object.fromEntries(keys.map((key) => [key, figure(results.map((r) => r[key]))])) as PushRuns['push'], pushErrorKinds };
}
