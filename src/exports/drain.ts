import type { Writable } from 'node:stream';

/** Resolves when `stream` drains; rejects if `signal` aborts (the client went away) or the stream closes first. */
export function waitForDrain(stream: Writable, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const done = (error?: unknown) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      signal.removeEventListener('abort', onAbort);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('The output closed before the export was written'));
    const onAbort = () => done(signal.reason);
    stream.on('drain', onDrain);
    stream.on('close', onClose);
    signal.addEventListener('abort', onAbort);
  });
}
