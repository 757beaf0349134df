import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobStatus } from '../jobs/job-status';
import type { ProjectionStatus } from '../projections/projection-runner';

/**
 * The metrics of one process, in a registry of its own (several servers may share a test
 * process): Node's defaults plus what operations watch (docs/OPERATIONS.md). Every series
 * carries the process's role.
 */
export interface Metrics {
  registry: Registry;
  /** The Prometheus text of this process: Node's defaults, then this registry. */
  scrape(): Promise<string>;
  contentType: string;
  /** Writes through the API by route and outcome (accepted, rejected, failed). */
  commands: Counter<'command' | 'outcome'>;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Pushes handed to the realtime layer (each reaches every socket of its rooms, on every API node). */
  pushes: Counter<'namespace' | 'event'>;
  /** Read at scrape time: each projection's checkpoint and lag. */
  watchProjections(source: { status(): Promise<ProjectionStatus[]> }): void;
  /** Read at scrape time: the last run of each scheduled job of this process. */
  watchJobs(source: { status(): JobStatus[] }): void;
  /** Read at scrape time: sockets connected to this process, by namespace. */
  watchSockets(source: () => Record<string, number>): void;
}

// Request latencies from 5 ms to 5 s: the API answers most requests in single milliseconds.
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

// Node's default metrics describe the process, so they are collected once per process (their
// collectors never stop), whatever number of servers it starts.
let processDefaults: Registry | undefined;
function processRegistry(role: string): Registry {
  if (!processDefaults) {
    processDefaults = new Registry();
    processDefaults.setDefaultLabels({ role });
    collectDefaultMetrics({ register: processDefaults });
  }
  return processDefaults;
}

export function createMetrics(options: { role: string }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: options.role });
  const defaults = processRegistry(options.role);

  let projections: { status(): Promise<ProjectionStatus[]> } | undefined;
  let jobs: { status(): JobStatus[] } | undefined;
  let sockets: (() => Record<string, number>) | undefined;

  // One status read serves the three projection gauges of a scrape.
  let statusRead: { at: number; answer: Promise<ProjectionStatus[]> } | undefined;
  const projectionStatus = (): Promise<ProjectionStatus[]> => {
    if (!projections) return Promise.resolve([]);
    if (!statusRead || Date.now() - statusRead.at > 250) statusRead = { at: Date.now(), answer: projections.status().catch(() => []) };
    return statusRead.answer;
  };

  new Gauge({
    name: 'pos_projection_lag_events',
    help: 'Events of its types the projection has not applied yet (capped at 1000)',
    labelNames: ['projection', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const p of await projectionStatus()) this.set({ projection: p.name, state: p.state }, p.lag.events);
    },
  });
  new Gauge({
    name: 'pos_projection_lag_seconds',
    help: 'Age of the oldest event the projection has not applied yet (0 when caught up)',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const p of await projectionStatus()) this.set({ projection: p.name }, p.lag.ms / 1000);
    },
  });
  new Gauge({
    name: 'pos_projection_checkpoint',
    help: 'Global position up to which the projection has applied the log',
    labelNames: ['projection'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const p of await projectionStatus()) this.set({ projection: p.name }, Number(p.checkpoint));
    },
  });
  new Gauge({
    name: 'pos_job_last_run_timestamp_seconds',
    help: 'When the last run of each scheduled job of this process finished, by outcome',
    labelNames: ['job', 'outcome'],
    registers: [registry],
    collect() {
      this.reset();
      for (const job of jobs?.status() ?? []) {
        if (job.lastRun) this.set({ job: job.name, outcome: job.lastRun.outcome }, Date.parse(job.lastRun.finishedAt) / 1000);
      }
    },
  });
  new Gauge({
    name: 'pos_realtime_sockets',
    help: 'Socket.IO clients connected to this process',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [namespace, count] of Object.entries(sockets?.() ?? {})) this.set({ namespace }, count);
    },
  });

  return {
    registry,
    contentType: registry.contentType,
    async scrape() {
      const [node, ours] = await Promise.all([defaults.metrics(), registry.metrics()]);
      return `${node}\n${ours}`;
    },
    commands: new Counter({ name: 'pos_commands_total', help: 'Writes through the API by route and outcome', labelNames: ['command', 'outcome'], registers: [registry] }),
    httpDuration: new Histogram({
      name: 'pos_http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by route template',
      labelNames: ['method', 'route', 'status'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    pushes: new Counter({ name: 'pos_realtime_pushes_total', help: 'Realtime pushes published, by namespace and event', labelNames: ['namespace', 'event'], registers: [registry] }),
    watchProjections(source) {
      projections = source;
    },
    watchJobs(source) {
      jobs = source;
    },
    watchSockets(source) {
      sockets = source;
    },
  };
}
