import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config/config';
import { selectProjections } from '../../src/roles/projection-selection';

// js-yaml comes with Jest (no Docker engine runs here: the files are checked by reading them).
const yaml = require('js-yaml') as { safeLoad(text: string): unknown };

const ROOT = join(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | number | boolean | null>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, unknown>;
  volumes?: string[];
  command?: unknown;
}
const compose = yaml.safeLoad(read('docker-compose.yml')) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const services = compose.services;
// The services running our image: built from the Dockerfile.
const ours = Object.entries(services).filter(([, s]) => s.build !== undefined);

/** `${JWT_SECRET:?…}` → what an operator would pass: compose interpolation done by hand. */
const interpolate = (value: string) => value.replace(/\$\{([A-Z_]+)(:?[?-][^}]*)?\}/g, (_m, name: string) => (name === 'JWT_SECRET' ? 'a'.repeat(48) : `<${name}>`));
const envOf = (service: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ''))]));

describe('docker-compose.yml and the Dockerfile agree with the code', () => {
  it('runs the production topology: 3 EventStoreDB nodes, 3 MongoDB members, Redis, 2 API replicas behind a load balancer, a projector and a worker', () => {
    const roles = ours.map(([, s]) => s.environment?.POS_ROLE).sort();
    expect(roles).toEqual(['api', 'api', 'projector', 'worker']);
    expect(Object.keys(services).filter((n) => services[n]!.image?.includes('kurrentdb'))).toHaveLength(3);
    expect(Object.keys(services).filter((n) => /^mongo\d$/.test(n))).toHaveLength(3);
    expect(services.redis).toBeDefined();
    expect(services.lb?.image).toMatch(/^haproxy:/);
    for (const [, service] of ours) {
      expect(envOf(service).EVENTSTORE_URL).toBe('esdb://esdb1:2113,esdb2:2113,esdb3:2113?tls=false');
      expect(envOf(service).MONGODB_URL).toContain('replicaSet=rs0');
    }
  });

  it('sets for our image only environment variables the config accepts, with values it accepts', () => {
    for (const [name, service] of ours) {
      const env = envOf(service);
      const unknown = Object.keys(env).filter((key) => !CONFIG_VARIABLES.includes(key));
      expect({ service: name, unknown }).toEqual({ service: name, unknown: [] });
      const config = loadConfig(env);
      expect(config.POS_ROLE).toBe(env.POS_ROLE);
      if (config.POS_ROLE === 'projector') expect(selectProjections(config.PROJECTIONS).length).toBeGreaterThan(0);
    }
  });

  it('gives every service a health check, and declares every named volume and every dependency it uses', () => {
    for (const [name, service] of Object.entries(services)) {
      if (name === 'mongo-init') continue; // a one-shot task, not a service to watch
      expect({ name, healthcheck: Array.isArray(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0]!;
        if (!source.startsWith('.')) expect(Object.keys(compose.volumes)).toContain(source);
      }
      for (const dependency of Object.keys(service.depends_on ?? {})) expect(Object.keys(services)).toContain(dependency);
    }
    // Our health check asks the port the config listens on.
    for (const [, service] of ours) expect(service.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${loadConfig(envOf(service)).PORT}/health`);
  });

  it('balances over exactly the API replicas, sticky by cookie, checking /ready and hiding /metrics', () => {
    const haproxy = read('deploy/haproxy.cfg');
    const servers = [...haproxy.matchAll(/^\s*server (\S+) (\S+):(\d+) .*cookie (\S+)/gm)].map((m) => ({ name: m[1], host: m[2], port: Number(m[3]) }));
    const apis = ours.filter(([, s]) => s.environment?.POS_ROLE === 'api');
    expect(servers.map((s) => s.host).sort()).toEqual(apis.map(([name]) => name).sort());
    for (const [, service] of apis) {
      expect(servers.every((s) => s.port === loadConfig(envOf(service)).PORT)).toBe(true);
      expect(loadConfig(envOf(service)).TRUST_PROXY).toBe(true);
    }
    expect(haproxy).toMatch(/^\s*cookie \S+ insert/m);
    expect(haproxy).toMatch(/option httpchk GET \/ready/);
    expect(haproxy).toMatch(/deny .*path_beg \/metrics/);
  });

  it('builds the image in stages, installs production dependencies only, runs as a non-root user and starts as npm start does', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    const user = dockerfile.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    const start = (JSON.parse(read('package.json')) as { scripts: { start: string } }).scripts.start;
    expect(cmd.join(' ')).toBe(start);
    // What the start command needs is in the image, and tsx is installed without the dev dependencies.
    for (const path of ['src', 'web', 'package.json']) expect(dockerfile).toMatch(new RegExp(`^COPY ${path}`, 'm'));
    expect(Object.keys((JSON.parse(read('package.json')) as { dependencies: Record<string, string> }).dependencies)).toContain('tsx');
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${loadConfig({}).PORT}$`, 'm'));
  });
});
