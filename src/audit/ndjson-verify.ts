import { createChainVerifier } from './chain-verifier';
import { createLinesCheck, malformed, wholeFileProblem, type FileVerifyReport } from './export-lines-check';
import { fileLines } from './file-lines';
import { verifyFileInRanges } from './parallel-file-verify';

export type { FileVerifyReport };

/**
 * Checks an export offline with the same verifier as `GET /api/audit/verify`: hash chains and
 * revision sequences per stream, positions increasing, plus what only a file can get wrong — a
 * missing header or trailer, a count that does not match, events of another tenant. An export that
 * starts after position 0 takes each stream's first event in the file as given. A large file is
 * checked in parts on several threads at once (parallel-file-verify.ts), with the same report.
 */
export async function verifyExportFile(file: string, ranges: { threads?: number; minBytes?: number } = {}): Promise<FileVerifyReport> {
  const inRanges = await verifyFileInRanges(file, ranges.threads, ranges.minBytes);
  if (inRanges) return inRanges;
  const verifier = createChainVerifier();
  const check = createLinesCheck(verifier, (lineNo, detail) => verifier.fail(malformed(lineNo, detail)));
  for await (const chunk of fileLines(file)) for (const bytes of chunk) check.line(bytes);
  const { lines, seen, trailer, header } = check.state;
  const whole = wholeFileProblem(lines, seen, trailer);
  if (whole) verifier.fail(malformed(...whole));
  return { ...verifier.report(), ...(header ? { tenantId: header.tenantId, fromPosition: header.fromPosition } : {}) };
}
