import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { DomainError, type DomainErrorKind } from '../domain/errors';
import { EventStoreUnavailableError } from '../eventstore/errors';
import { HttpProblem, sendProblem, type Problem } from './problem';

const STATUS_OF: Record<DomainErrorKind, number> = { not_found: 404, conflict: 409, rejected: 422, unauthorized: 401, forbidden: 403 };
const TITLE_OF: Record<DomainErrorKind, string> = {
  not_found: 'Not found',
  conflict: 'Conflict',
  rejected: 'Unprocessable request',
  unauthorized: 'Unauthenticated',
  forbidden: 'Forbidden',
};

export function validationProblem(error: ZodError): Problem {
  const errors = error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message }));
  return {
    status: 400,
    title: 'Invalid request',
    code: 'VALIDATION_FAILED',
    detail: `Invalid field${errors.length > 1 ? 's' : ''}: ${[...new Set(errors.map((e) => e.field))].join(', ')}`,
    errors,
  };
}

/** body-parser's own errors carry a `type` and a status. */
function bodyParserProblem(error: { type?: unknown; status?: unknown }): Problem | undefined {
  if (error.type === 'entity.parse.failed') return { status: 400, title: 'Malformed JSON', code: 'MALFORMED_JSON', detail: 'The body is not valid JSON' };
  if (error.type === 'entity.too.large') return { status: 413, title: 'Body too large', code: 'PAYLOAD_TOO_LARGE', detail: 'The body is larger than 256 kB' };
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return { status: error.status, title: 'Bad request', code: 'BAD_REQUEST', detail: String((error as Error).message) };
  }
  return undefined;
}

/** Every error becomes problem+json; only a real bug becomes a 500, and it is logged. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof HttpProblem) return sendProblem(res, error.problem, error.headers);
    if (error instanceof ZodError) return sendProblem(res, validationProblem(error));
    if (error instanceof DomainError) {
      return sendProblem(res, { status: STATUS_OF[error.kind], title: TITLE_OF[error.kind], code: error.code, detail: error.message });
    }
    if (error instanceof EventStoreUnavailableError) {
      log.error({ err: error }, 'event store unavailable');
      return sendProblem(res, { status: 503, title: 'Service unavailable', code: error.code, detail: 'The event store cannot be written right now; nothing was recorded' }, { 'Retry-After': '1' });
    }
    const fromBodyParser = error && typeof error === 'object' ? bodyParserProblem(error) : undefined;
    if (fromBodyParser) return sendProblem(res, fromBodyParser);
    log.error({ err: error }, 'unhandled error');
    sendProblem(res, { status: 500, title: 'Internal error', code: 'INTERNAL', detail: 'Something went wrong on our side' });
  };
}
