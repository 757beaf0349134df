import { runSoak, soakReport, soakVerdict } from '../../scripts/soak/run-soak';

/** The short soak of CI (`npm run soak -- --minutes 10` is the long one). */
const SECONDS = Number(process.env.SOAK_SECONDS ?? 25);

describe('soak (short)', () => {
  it(`${SECONDS} s of terminals, displays, a report and an export: no errors, pushes under a second`, async () => {
    const result = await runSoak({ seconds: SECONDS, terminals: 8, displays: 3 });
    process.stdout.write(`${soakReport(result)}\n`);
    expect(result.commands).toBeGreaterThan(SECONDS * 10);
    expect(result.routes.map((r) => r.route)).toEqual(expect.arrayContaining(['GET /exports/sales.csv', 'GET /reports/daily', 'POST /retail/sales', 'POST /restaurant/orders']));
    expect(result.lag.count).toBeGreaterThan(SECONDS * 5);
    // Memory is reported, not judged, here: 25 s is still warming up. The long soak judges it.
    expect(soakVerdict(result, { maxLagMs: 1000, maxWarmGrowthMb: Number.POSITIVE_INFINITY })).toEqual([]);
  }, (SECONDS + 60) * 1000);
});
