import { DomainError } from '../domain/errors';

export const idempotencyKeyReused = () =>
  new DomainError('IDEMPOTENCY_KEY_REUSED', 'This idempotency key was already used for a different request', 'rejected');

export const revisionConflict = (expected: bigint, actual: bigint | 'no_stream') =>
  new DomainError('REVISION_CONFLICT', `The stream is at revision ${String(actual)}, not ${expected}`, 'conflict');

export const tooMuchContention = (stream: string) =>
  new DomainError('CONCURRENCY_CONFLICT', `${stream} kept changing while the command was decided; try again`, 'conflict');
