import { tenantOfStream } from '../eventstore/stream-name';
import type { AuditEvent } from './audit-event';
import type { BrokenLink, ChainVerifier, VerifyReport } from './chain-verifier';
import { splitExportLine } from './export-line';
import type { ExportHeader, ExportTrailer } from './ndjson-export';

const DECIMAL = /^\d{1,19}$/;

type Line = Partial<AuditEvent> & Partial<ExportHeader> & Partial<ExportTrailer>;

export type Header = ExportHeader['export'];

export type FileVerifyReport = VerifyReport & { tenantId?: string; fromPosition?: string };

/** A malformed-export break: what is wrong with the file rather than with a chain. */
export const malformed = (lineNo: number, detail: string): BrokenLink => ({ stream: '', revision: '', position: '', problem: 'MALFORMED_EXPORT', detail: `line ${lineNo}: ${detail}` });

export interface LinesCheck {
  /** Lines seen, empty ones included. */
  lines: number;
  /** Event lines seen. */
  seen: number;
  /** The last trailer line seen. */
  trailer?: ExportTrailer['end'];
  /** The first non-empty line, and the first one after a trailer. */
  firstNonEmpty?: number;
  afterTrailer?: number;
  header?: Header;
}

/**
 * Checks the lines of an export, or of a part of one, one after another: events go to the chain
 * verifier (on their bytes when they are exactly as the export writes them), everything else is
 * parsed. `header`: the export's header when the part starts after it; otherwise the first line
 * must be it. `problem` hears what is wrong with the file's shape, by line number within the part.
 */
export function createLinesCheck(verifier: ChainVerifier, problem: (line: number, detail: string) => void, header?: Header) {
  const state: LinesCheck = { lines: 0, seen: 0, ...(header ? { header } : {}) };
  const expectsHeader = header === undefined;

  function event(line: Line, lineNo: number): void {
    const { stream, revision, position, type, data, metadata } = line;
    if (typeof stream !== 'string' || typeof type !== 'string' || !DECIMAL.test(String(revision)) || !DECIMAL.test(String(position)) || typeof metadata !== 'object' || metadata === null) {
      problem(lineNo, 'not an event: it needs stream, revision, position, type, data and metadata');
      return;
    }
    if (state.header && tenantOfStream(stream) !== state.header.tenantId) problem(lineNo, `stream ${stream} is not of tenant ${state.header.tenantId}`);
    state.seen += 1;
    verifier.add({ stream, revision: BigInt(revision!), position: BigInt(position!), type, data, metadata }, { anchor: state.header !== undefined && state.header.fromPosition !== '0' });
  }

  return {
    state,
    /** The line number within the part of the line being checked. */
    lineNo: () => state.lines,
    line(bytes: Buffer): void {
      const lineNo = (state.lines += 1);
      if (bytes.length === 0) return;
      state.firstNonEmpty ??= lineNo;
      if (state.trailer) state.afterTrailer ??= lineNo;
      // Most lines are events exactly as the export writes them: checked on their bytes.
      if (!state.trailer && state.header && !(expectsHeader && lineNo === 1)) {
        const sealed = splitExportLine(bytes);
        if (sealed && tenantOfStream(sealed.stream) === state.header.tenantId && verifier.addSealed(sealed)) {
          state.seen += 1;
          return;
        }
      }
      let line: Line;
      try {
        line = JSON.parse(bytes.toString('utf8')) as Line;
      } catch (error) {
        problem(lineNo, `not JSON (${(error as Error).message})`);
        return;
      }
      if (expectsHeader && lineNo === 1) {
        if (!line.export || line.export.format !== 'pos-audit-ndjson') problem(1, 'not an audit export: the first line must be its header');
        else state.header = line.export;
        return;
      }
      if (state.trailer) problem(lineNo, 'lines after the trailer');
      if (line.end) {
        state.trailer = line.end;
        return;
      }
      event(line, lineNo);
    },
  };
}

/** What only the whole file can get wrong: emptiness, no trailer, a count that does not match. */
export function wholeFileProblem(lines: number, seen: number, trailer: ExportTrailer['end'] | undefined): [number, string] | undefined {
  if (lines === 0) return [0, 'the file is empty'];
  if (!trailer) return [lines, 'no trailer: the file was cut short'];
  if (trailer.events !== seen) return [lines, `the trailer counts ${trailer.events} events, the file holds ${seen}`];
  return undefined;
}
