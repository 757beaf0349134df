import type { Response } from 'express';

/** An RFC 9457 problem document; `code` is our stable machine-readable reason. */
export interface Problem {
  status: number;
  title: string;
  code: string;
  detail?: string;
  errors?: { field: string; message: string }[];
  /** Where a read model stands, when it is behind (a 503 on `minPosition`). */
  position?: string;
}

/** Thrown by routes and middleware for an answer that is not a domain decision (401, 413, 429 ...). */
export class HttpProblem extends Error {
  constructor(
    readonly problem: Problem,
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail ?? problem.title);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(res: Response, problem: Problem, headers: Record<string, string> = {}): void {
  res
    .status(problem.status)
    .set(headers)
    .type('application/problem+json')
    .json({ type: `/problems/${problem.code.toLowerCase().replace(/_/g, '-')}`, ...problem });
}

export const unauthenticated = (detail = 'Sign in and send the access token as `Authorization: Bearer <token>`') =>
  new HttpProblem({ status: 401, title: 'Unauthenticated', code: 'UNAUTHENTICATED', detail });

export const forbidden = (detail: string) => new HttpProblem({ status: 403, title: 'Forbidden', code: 'FORBIDDEN', detail });
