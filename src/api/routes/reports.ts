import { Router } from 'express';
import { z } from 'zod';
import { businessDayAt, closeBusinessDay, lastClosedDay } from '../../commands/business-days';
import { dayCloseTime, setDayCloseTime } from '../../commands/tenant-settings';
import { CLOSE_TIME_PATTERN } from '../../domain/reports/business-day';
import { isCalendarDate } from '../../domain/time-zone';
import { dailyReport } from '../../projections/report-queries';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import { commandContext } from '../command-context';
import type { ApiDeps } from '../deps';
import { readYourWrites } from '../read-your-writes';
import { parse } from '../validate';

const date = z.string().refine(isCalendarDate, 'must be a date (YYYY-MM-DD)');
const dailyQuery = z.object({ date, minPosition: z.string().optional() });
const closeBody = z.object({ date: date.optional() });
const settings = z.object({ dayCloseTime: z.string().regex(CLOSE_TIME_PATTERN, 'must be a time of day (HH:MM, 24-hour)') });

/** Daily reports (X while a business day is open, Z once closed), closing a day, and when days end. */
export function reportRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens));
  const { store, readStore, projections } = deps;
  const readers = requireRole('owner', 'manager', 'auditor');

  const report = async (tenantId: string, day: string) => dailyReport(readStore, tenantId, day, (await lastClosedDay(store, tenantId)).lastClosed);

  router.get('/daily', readers, async (req, res) => {
    const query = parse(dailyQuery, req.query);
    await readYourWrites(req, projections, 'daily-reports');
    res.json(await report(claimsOf(req).tenantId, query.date));
  });

  // The X report: the business day open now, so far.
  router.get('/x', readers, async (req, res) => {
    const { tenantId } = claimsOf(req);
    await readYourWrites(req, projections, 'daily-reports');
    res.json(await report(tenantId, (await businessDayAt(store, tenantId, new Date().toISOString())).date));
  });

  // The Z report: closes a business day (the open one unless a date is given); later sales count in the next day.
  router.post('/z', requireRole('owner', 'manager'), async (req, res) => {
    const body = parse(closeBody, req.body ?? {});
    const result = await closeBusinessDay(store, commandContext(req), body.date);
    const closed = result.closed!;
    res.status(201).json({ date: closed.date, zNumber: closed.zNumber, closedAt: closed.closedAt, revision: result.revision.toString(), position: result.position.toString() });
  });

  router.get('/settings', readers, async (req, res) => {
    res.json({ dayCloseTime: await dayCloseTime(store, claimsOf(req).tenantId) });
  });

  router.put('/settings', requireRole('owner'), async (req, res) => {
    const body = parse(settings, req.body);
    const result = await setDayCloseTime(store, commandContext(req), body.dayCloseTime);
    res.json({ dayCloseTime: result.state.dayCloseTime, revision: result.revision.toString(), position: result.position.toString() });
  });

  return router;
}
