import { ConfigError, loadConfig } from '../../src/config/config';
import { allProjections } from '../../src/projections/all-projections';
import { selectProjections } from '../../src/roles/projection-selection';
import { roleArgument } from '../../src/roles/start-role';

describe('choosing a role', () => {
  it('`--role api` or `--role=api` on the command line; nothing means POS_ROLE decides (all by default)', () => {
    expect(roleArgument(['--role', 'api'])).toBe('api');
    expect(roleArgument(['--role=worker'])).toBe('worker');
    expect(roleArgument([])).toBeUndefined();
    expect(loadConfig({}).POS_ROLE).toBe('all');
  });

  it('refuses an unknown role, and api or projector without Redis, naming the variable', () => {
    expect(() => loadConfig({ POS_ROLE: 'cashier' })).toThrow(/POS_ROLE/);
    for (const role of ['api', 'projector']) {
      let error: unknown;
      try {
        loadConfig({ POS_ROLE: role });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('REDIS_URL');
    }
    expect(loadConfig({ POS_ROLE: 'worker' }).POS_ROLE).toBe('worker');
    expect(loadConfig({ POS_ROLE: 'api', REDIS_URL: 'redis://127.0.0.1:6379' }).POS_ROLE).toBe('api');
  });

  it('a projector runs the projections PROJECTIONS names, all of them when empty; an unknown name stops start-up', () => {
    expect(selectProjections('')).toBe(allProjections);
    expect(selectProjections('stock-levels, retail-sales').map((p) => p.name)).toEqual(['retail-sales', 'stock-levels']);
    expect(() => selectProjections('catalog,stock')).toThrow(/PROJECTIONS: unknown projection stock/);
    expect(() => loadConfig({ PROJECTIONS: 'Catalog;x' })).toThrow(/PROJECTIONS/);
    expect(() => loadConfig({ REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX/);
  });
});
