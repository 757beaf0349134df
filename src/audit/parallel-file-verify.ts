import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { BrokenLink } from './chain-verifier';
import { malformed, wholeFileProblem, type FileVerifyReport, type Header } from './export-lines-check';
import type { ExportTrailer } from './ndjson-export';
import { defaultThreads, runRange } from './parallel-verify';
import { stitchRanges } from './stitch-ranges';

/** Below this size an export is verified in one go: starting threads would cost more. */
export const PARALLEL_FROM_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;

/** The offset just after the first newline at or after `from` (the file's size if there is none). */
function nextLineStart(fd: number, from: number, size: number): number {
  const buffer = Buffer.alloc(64 * 1024);
  for (let at = from; at < size; at += buffer.length) {
    const read = readSync(fd, buffer, 0, buffer.length, at);
    const newline = buffer.subarray(0, read).indexOf(NEWLINE);
    if (newline !== -1) return at + newline + 1;
  }
  return size;
}

/** The header line and where the body starts, when the first line is a header. */
function readHeader(fd: number, size: number): { header: Header; bodyStart: number } | undefined {
  const bodyStart = nextLineStart(fd, 0, size);
  const buffer = Buffer.alloc(bodyStart);
  readSync(fd, buffer, 0, bodyStart, 0);
  try {
    const first = JSON.parse(buffer.toString('utf8')) as { export?: Header };
    return first.export?.format === 'pos-audit-ndjson' ? { header: first.export, bodyStart } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * verifyExportFile for a large export: its body cut at line starts into `threads` parts of about
 * equal size, each checked on a worker thread with every stream anchored at its first event in the
 * part, then stitched — links across the cuts, line numbers counted on from part to part, lines
 * after the trailer and the trailer's count over the whole file — into the report of one pass.
 * Undefined when the file is small or does not start with a header (one pass says what is wrong).
 */
export async function verifyFileInRanges(file: string, threads = defaultThreads(), minBytes = PARALLEL_FROM_BYTES): Promise<FileVerifyReport | undefined> {
  const size = statSync(file).size;
  if (size < minBytes || threads < 2) return undefined;
  const fd = openSync(file, 'r');
  let header: Header;
  const bounds: number[] = [];
  try {
    const start = readHeader(fd, size);
    if (!start) return undefined;
    header = start.header;
    bounds.push(start.bodyStart);
    for (let k = 1; k < threads; k++) bounds.push(Math.max(bounds.at(-1)!, nextLineStart(fd, start.bodyStart + Math.floor(((size - start.bodyStart) * k) / threads), size)));
    bounds.push(size);
  } finally {
    closeSync(fd);
  }
  const parts = await Promise.all(bounds.slice(0, -1).map((partStart, k) => runRange({ kind: 'file', file, start: partStart, end: bounds[k + 1]!, header })));

  // Line numbers go on from part to part (line 1 is the header).
  let base = 1;
  let seen = 0;
  let trailer: ExportTrailer['end'] | undefined;
  let trailerSeen = false;
  const otherProblems = parts.map((part) => {
    const at = (line: number, detail: string): { ordinal: number; link: BrokenLink } => ({ ordinal: line - 0.75, link: malformed(base + line, detail) });
    // A problem found in the part, or a line after a trailer that an earlier part held.
    const candidates = [
      ...(part.firstProblem ? [at(part.firstProblem.line, part.firstProblem.detail)] : []),
      ...(trailerSeen && part.lines.firstNonEmpty !== undefined ? [at(part.lines.firstNonEmpty, 'lines after the trailer')] : []),
    ].sort((a, b) => a.ordinal - b.ordinal);
    base += part.lines.lines;
    seen += part.lines.seen;
    if (part.lines.trailer) {
      trailer = part.lines.trailer;
      trailerSeen = true;
    }
    return candidates[0];
  });
  const report = stitchRanges(
    parts.map((part) => part.report),
    { anchorNewStreams: header.fromPosition !== '0', otherProblems },
  );
  const whole = report.firstBroken ? undefined : wholeFileProblem(base, seen, trailer);
  return { ...report, ...(whole ? { ok: false, firstBroken: malformed(...whole) } : {}), tenantId: header.tenantId, fromPosition: header.fromPosition };
}
