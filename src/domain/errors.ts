/**
 * A business rule said no. `kind` tells the API which status to answer:
 * not_found → 404, conflict → 409 (state moved on), rejected → 422 (the request can never succeed as sent).
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'rejected' | 'unauthorized' | 'forbidden';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rejected',
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (code: string, message: string) => new DomainError(code, message, 'not_found');
export const conflict = (code: string, message: string) => new DomainError(code, message, 'conflict');
export const rejected = (code: string, message: string) => new DomainError(code, message, 'rejected');
