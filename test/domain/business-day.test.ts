import { businessDayOf, localTime, openBusinessDay } from '../../src/domain/reports/business-day';
import { addDays, isCalendarDate as isDate } from '../../src/domain/time-zone';
import { businessDaysDecider } from '../../src/domain/reports/business-days';
import { ROLES } from '../../src/domain/tenant/role';
import { specFor } from './given';

const HCMC = 'Asia/Ho_Chi_Minh'; // UTC+7, no daylight saving
const NY = 'America/New_York';

describe('business days in the tenant’s time zone', () => {
  it.each([
    ['2026-11-25T16:30:00Z', HCMC, '00:00', '2026-11-25', 23], // 23:30 local: that day, though UTC says the 25th too
    ['2026-11-25T17:30:00Z', HCMC, '00:00', '2026-11-26', 0], // 00:30 local: the next day, though UTC still says the 25th
    ['2026-11-25T18:00:00Z', HCMC, '04:00', '2026-11-25', 1], // 01:00 local with a 04:00 close: still the evening before
    ['2026-11-25T21:00:00Z', HCMC, '04:00', '2026-11-26', 4], // 04:00 exactly: the new day
    ['2026-11-25T20:59:00Z', HCMC, '04:00', '2026-11-25', 3],
    ['2026-03-08T06:59:00Z', NY, '00:00', '2026-03-08', 1], // 01:59 EST, a minute before the clocks spring forward
    ['2026-03-08T07:01:00Z', NY, '00:00', '2026-03-08', 3], // 03:01 EDT: 02:xx never happened
    ['2026-03-08T04:59:00Z', NY, '00:00', '2026-03-07', 23],
    ['2026-11-01T04:30:00Z', NY, '01:00', '2026-10-31', 0], // fall back: 00:30 EDT, before a 01:00 close
  ])('%s in %s closing at %s is %s, hour %s', (instant, zone, close, date, hour) => {
    expect(businessDayOf(new Date(instant), zone, close)).toEqual({ date, hour });
  });

  it('a day closed already sends later commands to the first day not closed', () => {
    expect(openBusinessDay({ date: '2026-11-25', hour: 22 }, '2026-11-25')).toEqual({ date: '2026-11-26', hour: 22 });
    expect(openBusinessDay({ date: '2026-11-25', hour: 22 }, '2026-11-24')).toEqual({ date: '2026-11-25', hour: 22 });
    expect(openBusinessDay({ date: '2026-11-25', hour: 22 }, null)).toEqual({ date: '2026-11-25', hour: 22 });
  });

  it('dates: adding days across months and leap years, and what is a date', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(['2026-02-29', '2026-13-01', '26-01-01', '2026-1-1'].map(isDate)).toEqual([false, false, false, false]);
    expect(isDate('2028-02-29')).toBe(true);
  });
});

describe('CloseBusinessDay', () => {
  const given = specFor(businessDaysDecider);
  const AT = '2026-11-26T17:05:00Z';
  const close = (date: string, role: (typeof ROLES)[number] | 'system' = 'manager', openDay = '2026-11-27') => ({
    type: 'CloseBusinessDay' as const,
    data: { date, openDay, closedBy: { userId: 'u_1', role }, at: AT },
  });
  const closed = (date: string, zNumber: number, role: (typeof ROLES)[number] | 'system' = 'manager') => ({
    type: 'BusinessDayClosed' as const,
    data: { date, zNumber, closedBy: { userId: 'u_1', role }, closedAt: AT },
  });

  it('the first close is Z 1', () => given([]).when(close('2026-11-25')).then([closed('2026-11-25', 1)]));
  it('days close in order with the next Z number', () => given([closed('2026-11-25', 1)]).when(close('2026-11-26')).then([closed('2026-11-26', 2)]));
  it('the scheduled close runs as the system', () => given([]).when(close('2026-11-25', 'system')).then([closed('2026-11-25', 1, 'system')]));
  it('the open day itself may be closed early (the shop shuts early)', () => given([]).when(close('2026-11-27')).then([closed('2026-11-27', 1)]));
  it('a closed day never closes again: DAY_ALREADY_CLOSED', () => given([closed('2026-11-25', 1)]).when(close('2026-11-25')).thenThrows('DAY_ALREADY_CLOSED'));
  it('nor an earlier one', () => given([closed('2026-11-25', 1)]).when(close('2026-11-24')).thenThrows('DAY_ALREADY_CLOSED'));
  it('a day that has not started: DAY_NOT_STARTED', () => given([]).when(close('2026-11-28')).thenThrows('DAY_NOT_STARTED'));
  it('not a date: INVALID_DATE', () => given([]).when(close('2026-02-30')).thenThrows('INVALID_DATE'));
  it.each(ROLES.filter((r) => r !== 'manager' && r !== 'owner'))('a %s may not close a day: FORBIDDEN_ROLE', (role) => given([]).when(close('2026-11-25', role)).thenThrows('FORBIDDEN_ROLE'));
});

describe('the wall clock, cached per quarter hour', () => {
  it('agrees with ICU’s own wall clock at 5,000 instants across zones with odd offsets and DST', () => {
    const zones = ['Asia/Ho_Chi_Minh', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'Europe/London', 'America/St_Johns', 'UTC'];
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      // Sorted-ish walk through 2026 with jumps, so the cache is both hit and missed.
      const instant = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(random() * 365 * 86_400_000));
      const zone = zones[i % zones.length]!;
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
          .formatToParts(instant)
          .map((p) => [p.type, p.value]),
      );
      expect(localTime(instant, zone)).toEqual({ date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), minute: Number(parts.minute) });
    }
  });
});
