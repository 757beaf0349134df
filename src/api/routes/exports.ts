import type { Request, Response } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { tenantProfile } from '../../commands/catalog-prices';
import { minorDigits } from '../../domain/money';
import { EXPORT_FORMATS, EXPORT_KINDS, type ExportFormat, type ExportKind } from '../../exports/export-definition';
import type { ExportJob } from '../../exports/export-jobs';
import { EXPORTS } from '../../exports/export-kinds';
import { CONTENT_TYPES, exportDays, exportFile, exportFileName } from '../../exports/export-request';
import { writeExport } from '../../exports/write-export';
import { zone } from '../../domain/time-zone';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import type { ApiDeps } from '../deps';
import { HttpProblem } from '../problem';
import { readYourWrites } from '../read-your-writes';
import { parse } from '../validate';

const jobBody = z.object({ kind: z.enum(EXPORT_KINDS), format: z.enum(EXPORT_FORMATS), from: z.unknown().optional(), to: z.unknown().optional() });
const jobParams = z.object({ jobId: z.string().max(64) });

const notAvailable = (kind: ExportKind) =>
  new HttpProblem({ status: 404, title: 'Not available', code: 'EXPORT_NOT_AVAILABLE', detail: `The ${kind} export is not available yet: the read model it needs is not built` });
const noSuchExport = (name: string) =>
  new HttpProblem({ status: 404, title: 'Not found', code: 'EXPORT_NOT_FOUND', detail: `No export ${name}; exports are ${EXPORT_KINDS.join(', ')} as ${EXPORT_FORMATS.join(' or ')}` });
const noSuchJob = (jobId: string) => new HttpProblem({ status: 404, title: 'Not found', code: 'EXPORT_JOB_NOT_FOUND', detail: `No export job ${jobId}` });

const attachment = (fileName: string) => `attachment; filename="${fileName}"`;

/** Only what a client needs of a job: its tenant stays out of the answer. */
const jobAnswer = (job: ExportJob) => ({ ...job, file: job.status === 'done' ? `/api/exports/jobs/${job.jobId}/file` : null });

/**
 * Exports (API.md "Reports, exports, audit"): a file streamed from a read model, or the same file
 * made by a background job and downloaded when ready. Owners, managers and auditors; the tenant
 * is the token's.
 */
export function exportRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens));
  router.use(requireRole('owner', 'manager', 'auditor'));

  const jobs = () => {
    if (!deps.exportJobs) throw new HttpProblem({ status: 503, title: 'Unavailable', code: 'EXPORT_JOBS_UNAVAILABLE', detail: 'Export jobs do not run in this process' });
    return deps.exportJobs;
  };

  /** What an export of this tenant needs: its definition, days, currency and time zone. */
  async function prepare(req: Request, kind: ExportKind, input: { from?: unknown; to?: unknown }) {
    const definition = EXPORTS[kind];
    if (!definition) throw notAvailable(kind);
    const days = exportDays(definition, input);
    const { tenantId } = claimsOf(req);
    const profile = await tenantProfile(deps.store, tenantId);
    const context = { currency: profile.currency, digits: minorDigits(profile.currency), timeZone: profile.timezone };
    return { tenantId, definition, days, context, today: zone(profile.timezone).today() };
  }

  router.post('/jobs', async (req, res) => {
    const body = parse(jobBody, req.body);
    const prepared = await prepare(req, body.kind, body);
    const job = await jobs().submit({ ...prepared, format: body.format });
    if (!job) throw new HttpProblem({ status: 503, title: 'Busy', code: 'EXPORT_QUEUE_FULL', detail: 'Too many exports are waiting; retry later' }, { 'Retry-After': '30' });
    res.status(202).location(`/api/exports/jobs/${job.jobId}`).json(jobAnswer(job));
  });

  router.get('/jobs/:jobId', async (req, res) => {
    const { jobId } = parse(jobParams, req.params);
    const job = await jobs().get(claimsOf(req).tenantId, jobId);
    if (!job) throw noSuchJob(jobId);
    res.json(jobAnswer(job));
  });

  router.get('/jobs/:jobId/file', async (req, res) => {
    const { jobId } = parse(jobParams, req.params);
    const { tenantId } = claimsOf(req);
    const job = await jobs().get(tenantId, jobId);
    if (!job) throw noSuchJob(jobId);
    if (job.status !== 'done') {
      throw new HttpProblem({ status: 409, title: 'Not ready', code: job.status === 'failed' ? 'EXPORT_FAILED' : 'EXPORT_NOT_READY', detail: job.error ?? `The export is ${job.status}` });
    }
    res.set({ 'Content-Type': CONTENT_TYPES[job.format], 'Content-Disposition': attachment(job.fileName), 'Cache-Control': 'no-store' });
    await new Promise<void>((resolve, reject) => res.sendFile(jobs().filePath(tenantId, job), (error) => (error ? reject(error) : resolve())));
  });

  router.get('/:file', async (req, res) => {
    const name = String(req.params.file);
    const file = exportFile(name);
    if (!file) throw noSuchExport(name);
    const prepared = await prepare(req, file.kind, req.query);
    await readYourWrites(req, deps.projections, prepared.definition.projection);
    await stream(res, file.format, { ...prepared, fileName: exportFileName(file.kind, file.format, prepared.days, prepared.today) });
  });

  /** Streams the file as it is read; a client that goes away stops the scan at the next page. */
  async function stream(res: Response, format: ExportFormat, prepared: Awaited<ReturnType<typeof prepare>> & { fileName: string }): Promise<void> {
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('The client went away'));
    });
    res.status(200).set({ 'Content-Type': CONTENT_TYPES[format], 'Content-Disposition': attachment(prepared.fileName), 'Cache-Control': 'no-store' });
    try {
      await writeExport({ ...prepared, readStore: deps.readStore, format, out: res, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) return;
      if (!res.headersSent) throw error;
      // Too late for a problem document: cut the response, so the client sees a failed download, never a short file.
      deps.log.error({ err: error }, 'export failed while streaming');
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  return router;
}
