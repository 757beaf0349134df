import { randomUUID } from 'node:crypto';
import { receiptCounterDecider, type ReceiptCounterEvent } from '../domain/retail/receipt-counter';
import { WrongExpectedRevisionError } from '../eventstore/errors';
import { revision, type EventStore, type RecordedEvent } from '../eventstore/types';
import { tooMuchContention } from './errors';
import { envelopes } from './event-envelopes';
import { GENESIS_HASH } from './hash-chain';
import { streams } from './streams';

/** Where a tenant's counter stream stands, as this process last saw it. */
interface Tail {
  revision: bigint; // -1: no stream yet
  next: number;
  hash: string;
}

interface Waiting {
  saleId: string;
  resolve(receiptNo: number): void;
  reject(error: unknown): void;
}

interface TenantQueue {
  waiting: Waiting[];
  tail?: Tail;
  flushing: boolean;
}

const MAX_ATTEMPTS = 20;
const MAX_BATCH = 1_000;

function tailAfter(event: RecordedEvent): Tail {
  const data = event.data as ReceiptCounterEvent['data'];
  return { revision: event.revision, next: data.first + data.saleIds.length, hash: event.metadata.hash as string };
}

/**
 * Hands out receipt numbers, unique and increasing per tenant across terminals and processes.
 * Sales asking at the same moment share one append to the tenant's counter stream (one
 * `ReceiptNumbersIssued` naming them in order), so the counter does not cap the sales rate. The
 * counter's tail is kept in memory; an append refused because another process moved the stream
 * reads only the events since, then tries again.
 */
export class ReceiptNumbers {
  private readonly queues = new Map<string, TenantQueue>();

  constructor(private readonly store: EventStore) {}

  issue(tenantId: string, saleId: string): Promise<number> {
    let queue = this.queues.get(tenantId);
    if (!queue) this.queues.set(tenantId, (queue = { waiting: [], flushing: false }));
    const issued = new Promise<number>((resolve, reject) => queue.waiting.push({ saleId, resolve, reject }));
    if (!queue.flushing) void this.flush(tenantId, queue);
    return issued;
  }

  private async flush(tenantId: string, queue: TenantQueue): Promise<void> {
    queue.flushing = true;
    // Let the requests of this turn of the event loop join the batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (queue.waiting.length > 0) {
      const batch = queue.waiting.splice(0, MAX_BATCH);
      try {
        const first = await this.append(tenantId, queue, batch.map((w) => w.saleId));
        batch.forEach((w, i) => w.resolve(first + i));
      } catch (error) {
        queue.tail = undefined;
        for (const w of batch) w.reject(error);
      }
    }
    queue.flushing = false;
  }

  private async append(tenantId: string, queue: TenantQueue, saleIds: string[]): Promise<number> {
    const stream = streams.receiptCounter(tenantId);
    const ctx = { tenantId, actor: { userId: 'system', role: 'system' as const } };
    for (let attempt = 1; ; attempt++) {
      const tail = (queue.tail = await this.catchUp(stream, queue.tail));
      const events = receiptCounterDecider.decide({ type: 'IssueReceiptNumbers', data: { saleIds } }, { next: tail.next });
      const commandId = randomUUID();
      const toAppend = envelopes(events, stream, tail.hash, ctx, commandId, commandId);
      try {
        const result = await this.store.appendToStream(stream, toAppend, { expectedRevision: tail.revision < 0n ? 'no_stream' : revision(tail.revision) });
        queue.tail = { revision: result.nextExpectedRevision, next: tail.next + saleIds.length, hash: toAppend[toAppend.length - 1]!.metadata.hash as string };
        return tail.next;
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (attempt >= MAX_ATTEMPTS) throw tooMuchContention(stream);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
      }
    }
  }

  /** The stream's tail: from what this process knew, plus whatever other processes appended since. */
  private async catchUp(stream: string, known: Tail | undefined): Promise<Tail> {
    if (!known) {
      const [last] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return last ? tailAfter(last) : { revision: -1n, next: receiptCounterDecider.initialState().next, hash: GENESIS_HASH };
    }
    const newer = await this.store.readStream(stream, { fromRevision: revision(known.revision + 1n) });
    return newer.length > 0 ? tailAfter(newer[newer.length - 1]!) : known;
  }
}
