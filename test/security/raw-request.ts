import { request } from 'node:http';

export interface RawAnswer {
  status: number;
  contentType: string;
  text: string;
}

/**
 * One HTTP request with exactly these bytes (no client-side JSON, no re-encoding). The answer is
 * read even when the server answers before taking the whole body (a 413) and hangs up.
 */
export function rawRequest(url: string, options: { method: string; headers?: Record<string, string>; body?: Buffer | string; chunked?: boolean }): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.isBuffer(options.body) ? options.body : Buffer.from(options.body, 'utf8');
    const headers: Record<string, string> = { ...options.headers };
    if (body && !options.chunked) headers['content-length'] = String(body.length);
    const req = request(url, { method: options.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, contentType: String(res.headers['content-type'] ?? ''), text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // A server that answers early and closes makes the rest of the upload fail; the answer is what counts.
    req.on('error', (error) => setTimeout(() => reject(error), 500));
    if (!body) return req.end();
    if (!options.chunked) return req.end(body);
    const piece = 64 * 1024;
    let offset = 0;
    const pump = () => {
      while (offset < body.length) {
        const more = req.write(body.subarray(offset, offset + piece));
        offset += piece;
        if (!more) return req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}
