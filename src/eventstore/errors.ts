import type { ExpectedRevision } from './types';

/** The stream was not where the append expected it. `actual` is the stream's last revision, or 'no_stream'. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Wrong expected revision on ${stream}: expected ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** The store cannot be written (disk full, I/O error, server unreachable). */
export class EventStoreUnavailableError extends Error {
  readonly code = 'EVENT_STORE_UNAVAILABLE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}

/** The stream was deleted (tombstoned): it reads as empty and can never be written again. */
export class StreamDeletedError extends Error {
  readonly code = 'STREAM_DELETED';
  constructor(readonly stream: string) {
    super(`Stream ${stream} has been deleted`);
    this.name = 'StreamDeletedError';
  }
}

/** Only sign-in session streams may be deleted (docs/DECISIONS.md, "Ended sign-ins are purged"). */
export class StreamNotDeletableError extends Error {
  readonly code = 'STREAM_NOT_DELETABLE';
  constructor(readonly stream: string) {
    super(`Stream ${stream} may not be deleted`);
    this.name = 'StreamNotDeletableError';
  }
}
