import express, { type RequestHandler } from 'express';

/** `application/json`, with no parameter or only `charset=utf-8` (what terminals and fetch send). */
const PLAIN_JSON = /^application\/json\s*(;\s*charset="?utf-8"?\s*)?$/i;
const DIGITS = /^\d{1,15}$/;

/** An error as body-parser makes it: the error handler answers by its `type` and `status`. */
const bodyError = (status: number, type: string, message: string): Error => Object.assign(new Error(message), { status, statusCode: status, expose: true, type });

/**
 * express.json, with a fast path for the body every terminal sends: `application/json` in UTF-8,
 * not compressed, with a Content-Length within the limit. That one is read and parsed here by
 * body-parser's rules — an object or an array only (strict), an empty body is `{}`, a leading BOM
 * is dropped, the same errors by type — without body-parser's content negotiation, decoder and
 * stream plumbing, a few per cent of a command's time. Everything else (another type or charset,
 * a compressed or chunked body, one over the limit) goes to express.json itself.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes });
  return (req, res, next) => {
    const { 'content-type': type, 'content-length': length } = req.headers;
    const plain =
      type !== undefined && PLAIN_JSON.test(type) && length !== undefined && DIGITS.test(length) && Number(length) <= limitBytes &&
      req.headers['content-encoding'] === undefined && req.headers['transfer-encoding'] === undefined;
    if (!plain) return general(req, res, next);

    const expected = Number(length);
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      req.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
      next(error);
    };
    const onData = (chunk: Buffer): void => {
      chunks.push(chunk);
      received += chunk.length;
    };
    const onError = (error: Error): void => finish(bodyError(400, 'request.aborted', error.message));
    const onAborted = (): void => finish(bodyError(400, 'request.aborted', 'request aborted'));
    const onEnd = (): void => {
      if (received !== expected) return finish(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
      const buffer = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received);
      let text = buffer.toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      try {
        req.body = parseStrict(text);
      } catch (error) {
        return finish(Object.assign(bodyError(400, 'entity.parse.failed', (error as Error).message), { body: text }));
      }
      finish();
    };
    req.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  };
}

/** body-parser's strict JSON: `{}` for an empty body, otherwise an object or an array. */
function parseStrict(text: string): unknown {
  if (text.length === 0) return {};
  const first = text[0] === '{' || text[0] === '[' ? text[0] : /\S/.exec(text)?.[0];
  if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${first ?? 'end'}: only an object or an array is accepted`);
  return JSON.parse(text) as unknown;
}
