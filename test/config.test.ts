import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../src/config/config';

describe('configuration', () => {
  it('defaults run everything embedded on port 4001 under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4001, DATA_DIR: './data', POS_ROLE: 'all', PROJECTION_THREAD: true });
    expect(config.EVENTSTORE_URL).toBeUndefined();
    expect(config.JWT_SECRET).toBeUndefined();
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: '70000', JWT_SECRET: 'short', EVENTSTORE_URL: 'not a url', PROJECTION_THREAD: 'yes' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    for (const name of ['PORT', 'JWT_SECRET', 'EVENTSTORE_URL', 'PROJECTION_THREAD']) expect(message).toContain(name);
  });

  it('.env.example lists exactly the variables the config accepts', () => {
    const example = readFileSync(join(__dirname, '../.env.example'), 'utf8');
    const listed = [...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);
    expect(listed.sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
