import { tenantOfStream } from '../eventstore/stream-name';
import type { AuditEvent } from './audit-event';
import { createChainVerifier, type VerifyReport } from './chain-verifier';
import { splitExportLine } from './export-line';
import { fileLines } from './file-lines';
import type { ExportHeader, ExportTrailer } from './ndjson-export';

const DECIMAL = /^\d{1,19}$/;

export type FileVerifyReport = VerifyReport & { tenantId?: string; fromPosition?: string };

type Line = Partial<AuditEvent> & Partial<ExportHeader> & Partial<ExportTrailer>;

/**
 * Checks an export offline with the same verifier as `GET /api/audit/verify`: hash chains and
 * revision sequences per stream, positions increasing, plus what only a file can get wrong — a
 * missing header or trailer, a count that does not match, events of another tenant. An export that
 * starts after position 0 takes each stream's first event in the file as given.
 */
export async function verifyExportFile(file: string): Promise<FileVerifyReport> {
  const verifier = createChainVerifier();
  const problem = (lineNo: number, detail: string) =>
    verifier.fail({ stream: '', revision: '', position: '', problem: 'MALFORMED_EXPORT', detail: `line ${lineNo}: ${detail}` });
  let header: ExportHeader['export'] | undefined;
  let trailer: ExportTrailer['end'] | undefined;
  let lineNo = 0;
  let seen = 0;
  for await (const chunk of fileLines(file)) {
    for (const bytes of chunk) {
      lineNo += 1;
      if (bytes.length === 0) continue;
      // Most lines are events exactly as the export writes them: checked on their bytes.
      if (lineNo > 1 && !trailer && header) {
        const event = splitExportLine(bytes);
        if (event && tenantOfStream(event.stream) === header.tenantId && verifier.addSealed(event)) {
          seen += 1;
          continue;
        }
      }
      let line: Line;
      try {
        line = JSON.parse(bytes.toString('utf8')) as Line;
      } catch (error) {
        problem(lineNo, `not JSON (${(error as Error).message})`);
        continue;
      }
      if (lineNo === 1) {
        if (!line.export || line.export.format !== 'pos-audit-ndjson') problem(1, 'not an audit export: the first line must be its header');
        else header = line.export;
        continue;
      }
      if (trailer) problem(lineNo, 'lines after the trailer');
      if (line.end) {
        trailer = line.end;
        continue;
      }
      const { stream, revision, position, type, data, metadata } = line;
      if (typeof stream !== 'string' || typeof type !== 'string' || !DECIMAL.test(String(revision)) || !DECIMAL.test(String(position)) || typeof metadata !== 'object' || metadata === null) {
        problem(lineNo, 'not an event: it needs stream, revision, position, type, data and metadata');
        continue;
      }
      if (header && tenantOfStream(stream) !== header.tenantId) problem(lineNo, `stream ${stream} is not of tenant ${header.tenantId}`);
      seen += 1;
      verifier.add({ stream, revision: BigInt(revision!), position: BigInt(position!), type, data, metadata }, { anchor: header !== undefined && header.fromPosition !== '0' });
    }
  }
  if (lineNo === 0) problem(0, 'the file is empty');
  else if (!trailer) problem(lineNo, 'no trailer: the file was cut short');
  else if (trailer.events !== seen) problem(lineNo, `the trailer counts ${trailer.events} events, the file holds ${seen}`);
  return { ...verifier.report(), ...(header ? { tenantId: header.tenantId, fromPosition: header.fromPosition } : {}) };
}
