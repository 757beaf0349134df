import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportTenantHistory } from '../../src/audit/ndjson-export';
import { verifyExportFile } from '../../src/audit/ndjson-verify';
import { createSqliteEventStore } from '../../src/eventstore/sqlite-event-store';
import { position } from '../../src/eventstore/types';
import { seedAuditHistory } from '../../scripts/bench/audit-seed';
import { seeded } from '../helpers/seeded';

const TENANT = 't_01PARALLELFILEVERIFY00000';
const EVENTS = 600;
const THREADS = 3;

/**
 * Checking a large export in parts on several threads must give exactly the report of one pass,
 * for the untouched file and after every kind of edit, in the middle of a part and where the
 * parts meet. (Here the parts are forced on a small file.)
 */
describe('verifying an export file in parts on several threads', () => {
  let dir: string;
  let lines: string[];
  let partial: string[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-parallel-file-'));
    const db = join(dir, 'pos.sqlite');
    seedAuditHistory(db, TENANT, EVENTS);
    const store = createSqliteEventStore({ file: db });
    const write = async (file: string, fromPosition?: number) => {
      const out = createWriteStream(file);
      await exportTenantHistory(store, TENANT, (chunk) => (out.write(chunk) ? undefined : once(out, 'drain').then(() => undefined)), fromPosition ? { fromPosition: position(fromPosition) } : {});
      out.end();
      await once(out, 'finish');
      return readFileSync(file, 'utf8').split('\n').slice(0, -1);
    };
    lines = await write(join(dir, 'whole.ndjson'));
    partial = await write(join(dir, 'partial.ndjson'), 250);
    await store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  let files = 0;
  async function bothWays(content: string[]) {
    const file = join(dir, `edited-${files++}.ndjson`);
    writeFileSync(file, content.map((line) => `${line}\n`).join(''));
    const parts = await verifyExportFile(file, { threads: THREADS, minBytes: 0 });
    const onePass = await verifyExportFile(file, { minBytes: Number.MAX_SAFE_INTEGER });
    return { parts, onePass };
  }

  /** Line indexes where the parts meet in a file of these lines (cut at byte thirds, moved to the next line start). */
  function cutLines(content: string[]): number[] {
    const sizes = content.map((line) => Buffer.byteLength(line) + 1);
    const body = sizes.slice(1).reduce((a, b) => a + b, 0);
    const cuts: number[] = [];
    for (let k = 1; k < THREADS; k++) {
      let at = sizes[0]!;
      let index = 1;
      while (at <= sizes[0]! + Math.floor((body * k) / THREADS)) at += sizes[index++]!;
      cuts.push(index);
    }
    return cuts;
  }

  const editData = (line: string) => line.replace('"n":', '"n":9');
  const reserialised = (line: string) => JSON.stringify(JSON.parse(line) as unknown, null, 0).replace('{"id"', '{ "id"');
  const foreign = (line: string) => line.replaceAll(TENANT, 't_01SOMEONEELSE000000000000');

  it('the untouched export, whole and from a position: ok, as one pass says', async () => {
    for (const content of [lines, partial]) {
      const { parts, onePass } = await bothWays(content);
      expect(onePass.ok).toBe(true);
      expect(parts).toEqual(onePass);
    }
  });

  it('each kind of edit where the parts meet: the same report', async () => {
    for (const content of [lines, partial]) {
      for (const cut of cutLines(content)) {
        const edits: Record<string, (c: string[]) => string[]> = {
          editAtCut: (c) => c.map((l, i) => (i === cut ? editData(l) : l)),
          editBeforeCut: (c) => c.map((l, i) => (i === cut - 1 ? editData(l) : l)),
          deleteAtCut: (c) => c.filter((_, i) => i !== cut),
          swapAcrossCut: (c) => c.map((l, i) => (i === cut ? c[cut - 10]! : i === cut - 10 ? c[cut]! : l)),
          reserialisedAtCut: (c) => c.map((l, i) => (i === cut ? reserialised(l) : l)),
          foreignAtCut: (c) => c.map((l, i) => (i === cut ? foreign(l) : l)),
          garbageAtCut: (c) => c.map((l, i) => (i === cut ? '{"half a line' : l)),
          trailerBeforeCut: (c) => [...c.slice(0, cut), c.at(-1)!, ...c.slice(cut)],
          noTrailer: (c) => c.slice(0, -1),
          emptyLineAtCut: (c) => [...c.slice(0, cut), '', ...c.slice(cut)],
        };
        for (const [name, edit] of Object.entries(edits)) {
          const { parts, onePass } = await bothWays(edit(content));
          expect({ name, report: parts }).toEqual({ name, report: onePass });
        }
      }
    }
  }, 180_000);

  it('a trailer that ends one part, with events in the next: lines after the trailer, as one pass says', async () => {
    // A trailer padded with JSON whitespace to ~4 kB, so the byte where a part ends falls inside it.
    const trailer = lines.at(-1)!.replace('{"end":', `{"end":${' '.repeat(4000)}`);
    let tested = 0;
    for (const cut of cutLines(lines)) {
      for (let at = cut - 2; at <= cut; at++) {
        const content = [...lines.slice(0, at), trailer, ...lines.slice(at)];
        if (!cutLines(content).includes(at + 1)) continue; // the trailer must be the last line of a part
        const { parts, onePass } = await bothWays(content);
        expect(onePass.firstBroken).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: `line ${at + 2}: lines after the trailer` });
        expect(parts).toEqual(onePass);
        tested += 1;
      }
    }
    expect(tested).toBeGreaterThan(0);
  });

  it('edits at random lines, one to three at a time: the same report', async () => {
    const random = seeded(77);
    const kinds = [editData, reserialised, foreign, () => '{"id":"x"}', () => ''];
    for (let i = 0; i < 12; i++) {
      const content = [...lines];
      for (let n = random.int(1, 3); n > 0; n--) {
        const at = random.int(1, content.length - 2);
        if (random.chance(0.25)) content.splice(at, 1);
        else content[at] = random.pick(kinds)(content[at]!);
      }
      const { parts, onePass } = await bothWays(content);
      expect(parts).toEqual(onePass);
    }
  }, 180_000);
});
