import { performance } from 'node:perf_hooks';
import type { Socket } from 'socket.io-client';
import { patchPrice } from './api-client';
import { percentile } from './stats';

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

export interface PushTarget {
  baseUrl: string;
  token: string;
  socket: Socket;
  itemIds: readonly string[];
}

/** How long to wait, after the last answer, for pushes still on their way. */
const DRAIN_MS = 3000;

interface Answered {
  sentAt: number;
  answeredAt: number;
  position: string;
}

let priceSerial = 0;

/**
 * Open loop: PATCHes of `priceMinor` (always a new price) round-robin over the items, sent on a
 * 1 ms timer as the schedule falls due — never waiting for an answer before the next send —
 * at `rate` per second for `seconds`. Each answer's arrival time and position, and each
 * `catalog.changed` push's arrival time, are recorded; they are matched by position afterwards.
 */
export async function measurePushes(target: PushTarget, rate: number, seconds: number): Promise<PushRun> {
  const pushes = new Map<string, number>();
  const onPush = (payload: { position?: unknown }): void => void pushes.set(String(payload.position), performance.now());
  target.socket.on('catalog.changed', onPush);
  const total = Math.round(rate * seconds);
  const answered: Answered[] = [];
  const errorKinds: Record<string, number> = {};
  const error = (kind: string): void => void (errorKinds[kind] = (errorKinds[kind] ?? 0) + 1);
  const send = async (i: number): Promise<void> => {
    const sentAt = performance.now();
    try {
      const { status, body } = await patchPrice(target.baseUrl, target.token, target.itemIds[i % target.itemIds.length]!, 10_000 + priceSerial++);
      const answeredAt = performance.now();
      if (status === 200 && typeof body.position === 'string') answered.push({ sentAt, answeredAt, position: body.position });
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
  target.socket.off('catalog.changed', onPush);

  const delivered = answered.filter((a) => pushes.has(a.position));
  if (delivered.length === 0) throw new Error(`No PATCH was answered and pushed (${answered.length} answered; errors: ${JSON.stringify(errorKinds)})`);
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
