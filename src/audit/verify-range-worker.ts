/**
 * A worker thread that verifies one range of a tenant's history straight from the SQLite file
 * (its own read-only connection) and posts its RangeReport. Started by src/audit/parallel-verify.ts.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { tenantPrefix } from '../eventstore/stream-name';
import { createEventQueries } from '../eventstore/sqlite-queries';
import { position } from '../eventstore/types';
import { createChainVerifier } from './chain-verifier';
import { addRawEvent } from './verify-history';

export interface RangeTask {
  file: string;
  tenantId: string;
  /** Exclusive. */
  after: bigint;
  /** Inclusive; none: to the end. */
  upTo?: bigint;
}

const PAGE = 5000;

function verifyRange(task: RangeTask) {
  const db = new Database(task.file, { readonly: true, fileMustExist: true });
  try {
    const queries = createEventQueries(db);
    const verifier = createChainVerifier({ range: true });
    const filter = { streamPrefix: tenantPrefix(task.tenantId) };
    let from = position(task.after);
    for (;;) {
      const page = queries.readAllRaw(from, PAGE, filter);
      for (const event of page) {
        if (task.upTo !== undefined && event.position > task.upTo) return verifier.rangeReport();
        addRawEvent(verifier, event);
      }
      if (page.length < PAGE) return verifier.rangeReport();
      from = page[page.length - 1]!.position;
    }
  } finally {
    db.close();
  }
}

parentPort!.postMessage(verifyRange(workerData as RangeTask));
