import type { RequestHandler } from 'express';
import { HttpProblem } from './problem';

/** Our deepest body (a sale's lines) nests 3 levels; this leaves room and stops abuse. */
export const MAX_BODY_DEPTH = 32;

/** The nesting depth of a parsed JSON value, walked without recursion (the value may be 100 000 deep). */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * JSON.parse takes any depth within the body limit, but recursive code after it (the request
 * fingerprint, validation) would overflow the stack on a body nested thousands deep: such a body
 * is refused here, before any route sees it.
 */
export function limitBodyDepth(max = MAX_BODY_DEPTH): RequestHandler {
  return (req, _res, next) => {
    if (req.body !== null && typeof req.body === 'object' && depthExceeds(req.body, max)) {
      return next(new HttpProblem({ status: 400, title: 'Body too deep', code: 'BODY_TOO_DEEP', detail: `The body nests more than ${max} levels` }));
    }
    next();
  };
}
