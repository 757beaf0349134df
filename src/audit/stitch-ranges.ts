import { linkProblem, type BrokenLink, type Head, type RangeReport, type VerifyReport } from './chain-verifier';

/**
 * The report of one whole history from the reports of its consecutive ranges, each checked with
 * every stream anchored at its first event there: each such event must follow its stream's last
 * event in the ranges before (or be revision 0 after the genesis hash). The first break is the
 * earliest in history order; a broken link of an event comes before a break found in it, as the
 * sequential verifier checks the link first. `anchorNewStreams`: a stream's first event in the
 * whole history is taken as given (an export that starts mid-history); `otherProblems`: one more
 * candidate per range (a malformed line of a file).
 */
export function stitchRanges(ranges: readonly RangeReport[], options: { anchorNewStreams?: boolean; otherProblems?: readonly ({ ordinal: number; link: BrokenLink } | undefined)[] } = {}): VerifyReport {
  const heads = new Map<string, Head>();
  let events = 0;
  let first: { range: number; ordinal: number; link: BrokenLink } | undefined;
  const consider = (range: number, ordinal: number, link: BrokenLink): void => {
    if (!first || range < first.range || (range === first.range && ordinal < first.ordinal)) first = { range, ordinal, link };
  };
  ranges.forEach((report, range) => {
    events += report.events;
    if (report.firstBroken) consider(range, report.brokenOrdinal ?? 0, report.firstBroken);
    const other = options.otherProblems?.[range];
    if (other) consider(range, other.ordinal, other.link);
    for (const [stream, event] of report.firsts) {
      const head = heads.get(stream);
      if (!head && options.anchorNewStreams) continue;
      const problem = linkProblem(event, head);
      if (problem) consider(range, event.ordinal - 0.5, { stream, revision: event.revision.toString(), position: event.position.toString(), problem: problem[0], detail: problem[1] });
    }
    for (const [stream, head] of report.heads) heads.set(stream, head);
  });
  return { ok: first === undefined, streams: heads.size, events, ...(first ? { firstBroken: first.link } : {}) };
}
