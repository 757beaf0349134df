import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Logger } from 'pino';
import { ulid } from '../domain/ids';
import type { ReadStore } from '../projections/read-store';
import type { ExportContext } from './columns';
import type { ExportDefinition, ExportFormat, ExportKind } from './export-definition';
import { exportFileName, type ExportDays } from './export-request';
import { writeExport } from './write-export';

export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface ExportJob {
  jobId: string;
  kind: ExportKind;
  format: ExportFormat;
  from: string | null;
  to: string | null;
  status: ExportJobStatus;
  /** Rows written so far (all of them once done). */
  rows: number;
  fileName: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface ExportJobRequest {
  tenantId: string;
  definition: ExportDefinition;
  format: ExportFormat;
  days: ExportDays | undefined;
  context: ExportContext;
  /** Today in the tenant's zone, for a snapshot's file name. */
  today: string;
}

export interface ExportJobs {
  /** Queues an export; undefined when the queue is full. */
  submit(request: ExportJobRequest): Promise<ExportJob | undefined>;
  /** The tenant's job, or undefined (no such job, or another tenant's). */
  get(tenantId: string, jobId: string): Promise<ExportJob | undefined>;
  /** Where a done job's file is. */
  filePath(tenantId: string, job: ExportJob): string;
  /** Stops running jobs (they fail) and fails queued ones. */
  close(): Promise<void>;
}

export interface ExportJobsOptions {
  /** DATA_DIR/exports: each tenant's jobs under a folder of its own. */
  dir: string;
  readStore: ReadStore;
  /** Jobs run at once in this process. */
  concurrency: number;
  /** Jobs waiting at most; beyond, submit answers undefined. */
  maxQueued?: number;
  log: Logger;
}

const JOB_ID = /^x_[0-9A-Z]{26}$/;
const TENANT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const LOST = 'The server stopped before this export finished; request it again';

/**
 * Export jobs, run in the background in this process with bounded concurrency. Each job's state is
 * a JSON file beside its output under DATA_DIR/exports/<tenant>/, written at every change of
 * status; rows so far are kept in memory. Nothing is resumed: a job queued or running when the
 * process stops is answered as failed afterwards (its file is never served half-written: it is
 * written as `.part` and renamed when complete).
 */
export function createExportJobs(options: ExportJobsOptions): ExportJobs {
  const { dir, readStore, concurrency, log } = options;
  const maxQueued = options.maxQueued ?? 100;
  const live = new Map<string, ExportJob>();
  const queue: { key: string; request: ExportJobRequest }[] = [];
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let closed = false;

  const tenantDir = (tenantId: string) => {
    if (!TENANT_ID.test(tenantId)) throw new Error(`Invalid tenant id: ${tenantId}`);
    return join(dir, tenantId);
  };
  const keyOf = (tenantId: string, jobId: string) => `${tenantId}/${jobId}`;
  const statePath = (tenantId: string, jobId: string) => join(tenantDir(tenantId), `${jobId}.json`);
  const filePath = (tenantId: string, job: Pick<ExportJob, 'jobId' | 'format'>) => join(tenantDir(tenantId), `${job.jobId}.${job.format}`);

  async function save(tenantId: string, job: ExportJob): Promise<void> {
    const path = statePath(tenantId, job.jobId);
    await writeFile(`${path}.tmp`, JSON.stringify(job));
    await rename(`${path}.tmp`, path);
  }

  async function finish(tenantId: string, job: ExportJob, status: 'done' | 'failed', error: string | null): Promise<void> {
    Object.assign(job, { status, error, finishedAt: new Date().toISOString() });
    await save(tenantId, job).catch((e: unknown) => log.error({ err: e, jobId: job.jobId }, 'export job state not saved'));
    live.delete(keyOf(tenantId, job.jobId));
  }

  async function run(key: string, request: ExportJobRequest): Promise<void> {
    const job = live.get(key)!;
    const controller = new AbortController();
    const target = filePath(request.tenantId, job);
    const part = `${target}.part`;
    const done = (async () => {
      Object.assign(job, { status: 'running', startedAt: new Date().toISOString() });
      await save(request.tenantId, job);
      const out = createWriteStream(part);
      try {
        const rows = await writeExport({ ...request, readStore, out, signal: controller.signal, onRows: (n) => (job.rows = n) });
        await finished(out);
        await rename(part, target);
        job.rows = rows;
        await finish(request.tenantId, job, 'done', null);
      } catch (error) {
        out.destroy();
        await rm(part, { force: true });
        const stopped = controller.signal.aborted;
        if (!stopped) log.error({ err: error, jobId: job.jobId }, 'export job failed');
        await finish(request.tenantId, job, 'failed', stopped ? LOST : 'The export could not be written');
      }
    })();
    running.set(key, { controller, done });
    await done.catch((error: unknown) => log.error({ err: error, jobId: job.jobId }, 'export job failed'));
    running.delete(key);
    pump();
  }

  function pump(): void {
    while (!closed && running.size < concurrency && queue.length > 0) {
      const next = queue.shift()!;
      void run(next.key, next.request);
    }
  }

  return {
    async submit(request) {
      if (closed || queue.length >= maxQueued) return undefined;
      const jobId = `x_${ulid()}`;
      const job: ExportJob = {
        jobId,
        kind: request.definition.kind,
        format: request.format,
        from: request.days?.from ?? null,
        to: request.days?.to ?? null,
        status: 'queued',
        rows: 0,
        fileName: exportFileName(request.definition.kind, request.format, request.days, request.today),
        createdAt: new Date().toISOString(),
        startedAt: null,
        finishedAt: null,
        error: null,
      };
      await mkdir(tenantDir(request.tenantId), { recursive: true });
      await save(request.tenantId, job);
      const key = keyOf(request.tenantId, jobId);
      live.set(key, job);
      queue.push({ key, request });
      const answer = { ...job };
      pump();
      return answer;
    },
    async get(tenantId, jobId) {
      if (!JOB_ID.test(jobId) || !TENANT_ID.test(tenantId)) return undefined;
      const current = live.get(keyOf(tenantId, jobId));
      if (current) return { ...current };
      let stored: ExportJob;
      try {
        stored = JSON.parse(await readFile(statePath(tenantId, jobId), 'utf8')) as ExportJob;
      } catch {
        return undefined;
      }
      if (stored.status === 'queued' || stored.status === 'running') {
        // Not known to this process: it stopped while the job waited or ran.
        Object.assign(stored, { status: 'failed', error: LOST, finishedAt: stored.finishedAt ?? new Date().toISOString() });
        await save(tenantId, stored).catch(() => undefined);
      }
      return stored;
    },
    filePath,
    async close() {
      closed = true;
      for (const { key } of queue.splice(0)) {
        const job = live.get(key);
        if (job) await finish(key.slice(0, key.indexOf('/')), job, 'failed', LOST);
      }
      for (const { controller } of running.values()) controller.abort(new Error('The server is stopping'));
      await Promise.all([...running.values()].map((r) => r.done.catch(() => undefined)));
    },
  };
}
