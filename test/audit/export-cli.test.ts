import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyExportFile } from '../../src/audit/ndjson-verify';
import { tenantPrefix } from '../../src/eventstore/stream-name';
import { position } from '../../src/eventstore/types';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { LIMITS, restaurantWithHistory } from './audit-fixtures';

const ROOT = join(__dirname, '..', '..');

/** `npm run audit -- …` as an operator runs it: a process of its own on the server's DATA_DIR. */
function audit(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit.ts', ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run audit: export and verify offline', () => {
  let t: TestServer;
  let a: Awaited<ReturnType<typeof restaurantWithHistory>>;
  let file: string;
  let lines: string[];
  beforeAll(async () => {
    t = await startTestServer(LIMITS);
    a = await restaurantWithHistory(t);
    file = join(t.dataDir, 'export.ndjson');
    const exported = await audit(['export', '--tenant', a.owner.tenantId, '--out', file], t.dataDir);
    expect([exported.code, exported.stderr]).toEqual([0, expect.stringContaining(`Exported`)]);
    lines = readFileSync(file, 'utf8').trimEnd().split('\n');
  });
  afterAll(() => t.stop());

  it('writes a header, every event of the tenant with its hashes, and a trailer', async () => {
    const history = await t.server.store.readAll({ maxCount: 10_000, filter: { streamPrefix: tenantPrefix(a.owner.tenantId) } });
    const [header, ...rest] = lines.map((l) => JSON.parse(l));
    const trailer = rest.pop();
    expect(header.export).toMatchObject({ format: 'pos-audit-ndjson', version: 1, tenantId: a.owner.tenantId, fromPosition: '0' });
    expect(rest).toEqual(history.map((e) => ({ ...e, revision: e.revision.toString(), position: e.position.toString() })));
    expect(rest.every((e) => /^[0-9a-f]{64}$/.test(e.metadata.hash) && /^[0-9a-f]{64}$/.test(e.metadata.prevHash))).toBe(true);
    expect(trailer).toEqual({ end: { events: history.length, lastPosition: history.at(-1)!.position.toString() } });
  });

  it('verifies the untouched file: exit 0 and what was checked', async () => {
    const verified = await audit(['verify', file], t.dataDir);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toMatch(new RegExp(`^OK .*: ${lines.length - 2} events in \\d+ streams of tenant ${a.owner.tenantId}; every hash chain`));
  });

  it('fails on an edited file: exit 1, naming the problem, the stream and the revision', async () => {
    const edited = join(t.dataDir, 'edited.ndjson');
    const target = lines.findIndex((l) => l.includes('"type":"PaymentRecorded"'));
    writeFileSync(edited, lines.map((l, i) => (i === target ? l.replace(/"amountMinor":\d+/, '"amountMinor":1') : l)).join('\n') + '\n');
    const verified = await audit(['verify', edited], t.dataDir);
    const event = JSON.parse(lines[target]!);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(`BROKEN ${edited}: HASH_MISMATCH in stream ${event.stream} at revision ${event.revision} (position ${event.position})`);
  });

  it('catches deleted, reordered, foreign and cut-off lines', async () => {
    const variant = async (name: string, edit: (events: string[]) => string[]) => {
      const path = join(t.dataDir, `${name}.ndjson`);
      writeFileSync(path, edit([...lines]).join('\n') + '\n');
      return (await verifyExportFile(path)).firstBroken;
    };
    const voidIndex = lines.findIndex((l) => l.includes('"type":"OrderItemVoided"'));
    expect(await variant('deleted', (l) => l.filter((_, i) => i !== voidIndex))).toMatchObject({ problem: 'REVISION_OUT_OF_SEQUENCE' });
    expect(await variant('swapped', (l) => [...l.slice(0, voidIndex), l[voidIndex + 1]!, l[voidIndex]!, ...l.slice(voidIndex + 2)])).toMatchObject({ problem: 'REVISION_OUT_OF_SEQUENCE' });
    // Positions are not hashed: only their order gives a moved line away.
    const earlier = JSON.parse(lines[voidIndex - 1]!).position as string;
    const moved = await variant('moved', (l) => l.map((line, i) => (i === voidIndex ? line.replace(/"position":"\d+"/, `"position":"${earlier}"`) : line)));
    expect(moved).toMatchObject({ problem: 'POSITION_NOT_INCREASING', position: earlier });
    expect(await variant('cut', (l) => l.slice(0, -1))).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: expect.stringContaining('no trailer') });
    expect(await variant('tail-lost', (l) => [...l.slice(0, -2), l.at(-1)!])).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: expect.stringContaining('the trailer counts') });
    expect(await variant('headless', (l) => l.slice(1))).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: expect.stringContaining('header') });
    const foreign = lines[2]!.replace(`"stream":"${a.owner.tenantId}.`, '"stream":"t_other.');
    expect(await variant('foreign', (l) => [...l.slice(0, 2), foreign, ...l.slice(3)])).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: expect.stringContaining('is not of tenant') });
    expect(await variant('garbled', (l) => [...l.slice(0, 3), '{"stream":', ...l.slice(4)])).toMatchObject({ problem: 'MALFORMED_EXPORT', detail: expect.stringContaining('not JSON') });
  });

  it('an export from a position verifies on its own (each stream anchored at its first event in the file)', async () => {
    const events = lines.slice(1, -1).map((l) => JSON.parse(l));
    const middle = events[Math.floor(events.length / 2)].position as string;
    const partial = join(t.dataDir, 'partial.ndjson');
    const exported = await audit(['export', '--tenant', a.owner.tenantId, '--from', middle, '--out', partial], t.dataDir);
    expect(exported.code).toBe(0);
    const report = await verifyExportFile(partial);
    expect(report).toMatchObject({ ok: true, fromPosition: middle, events: events.filter((e) => BigInt(e.position) > BigInt(middle)).length });
    expect(report.events).toBeGreaterThan(0);
    await expect(t.server.store.readAll({ fromPosition: position(BigInt(middle)), maxCount: 1 })).resolves.toHaveLength(1);
  });

  it('says what is wrong with the command line or the tenant', async () => {
    expect(await audit(['export'], t.dataDir)).toMatchObject({ code: 2, stderr: expect.stringContaining('--tenant must be a tenant id') });
    expect(await audit(['export', '--tenant', 't_nobody'], t.dataDir)).toMatchObject({ code: 1, stderr: expect.stringContaining('No events: is t_nobody the right tenant id?') });
    expect(await audit(['verify', join(t.dataDir, 'missing.ndjson')], t.dataDir)).toMatchObject({ code: 1, stderr: expect.stringContaining('Cannot read') });
  });
});
