import { createReadStream } from 'node:fs';

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * A file's lines (`\n` or `\r\n`) as bytes, of the byte range [start, end) when given, a chunk
 * of whole lines at a time: one await per megabyte rather than per line, and no decoding for a
 * reader that can work on the bytes. The last line need not end with a newline.
 */
export async function* fileLines(file: string, bytes?: { start: number; end: number }): AsyncGenerator<Buffer[]> {
  if (bytes && bytes.end <= bytes.start) return;
  let rest: Buffer = Buffer.alloc(0);
  for await (const read of createReadStream(file, { highWaterMark: 1 << 20, ...(bytes ? { start: bytes.start, end: bytes.end - 1 } : {}) })) {
    const chunk = rest.length === 0 ? (read as Buffer) : Buffer.concat([rest, read as Buffer]);
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
      lines.push(withoutCr(chunk.subarray(start, end)));
      start = end + 1;
    }
    rest = chunk.subarray(start);
    yield lines;
  }
  if (rest.length > 0) yield [withoutCr(rest)];
}

const withoutCr = (line: Buffer): Buffer => (line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, -1) : line);
