import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config';
import { createStores } from '../src/stores';

const cacheOf = (stores: ReturnType<typeof createStores>): unknown => stores.readDb!.pragma('cache_size', { simple: true });

describe('createStores on the embedded file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pos-stores-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the connection projections write through an 8 MB page cache, and others 64 MB', async () => {
    const config = loadConfig({ DATA_DIR: dir, JWT_SECRET: 'x'.repeat(40) });
    const log = pino({ level: 'silent' });
    const serving = createStores(config, log);
    const projecting = createStores(config, log, { projections: true });
    try {
      expect(cacheOf(serving)).toBe(-65536);
      expect(cacheOf(projecting)).toBe(-8192);
      // Both still read and write the same file.
      await serving.store.appendToStream('t_1.note-1', [{ id: '00000000-0000-4000-8000-000000000001', type: 'Noted', data: {}, metadata: {} }], { expectedRevision: 'no_stream' });
      expect(await projecting.store.readStream('t_1.note-1')).toHaveLength(1);
    } finally {
      await projecting.close();
      await serving.close();
    }
  });
});
