import { minorToDecimal, moneyNumFmt } from '../../src/exports/decimal-money';
import { addDays, isCalendarDate, zone } from '../../src/domain/time-zone';

describe('money as decimals, from the integer', () => {
  it('uses the currency minor-unit exponent: VND 0, USD 2, KWD 3', () => {
    expect(minorToDecimal(45000, 0)).toBe('45000');
    expect(minorToDecimal(1234, 2)).toBe('12.34');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(minorToDecimal(0, 3)).toBe('0.000');
    // A float would print 90071992547409.91 as …9.90 or …9.92; the digits are the integer's own.
    expect(minorToDecimal(9007199254740991, 2)).toBe('90071992547409.91');
    expect(() => minorToDecimal(1.5, 2)).toThrow(/minor units/);
  });

  it('spreadsheet formats show the currency decimals and code', () => {
    expect(moneyNumFmt('VND', 0)).toBe('#,##0 "VND"');
    expect(moneyNumFmt('USD', 2)).toBe('#,##0.00 "USD"');
    expect(moneyNumFmt('KWD', 3)).toBe('#,##0.000 "KWD"');
  });
});

describe('days in the tenant time zone', () => {
  it('knows calendar dates', () => {
    expect(isCalendarDate('2026-02-28')).toBe(true);
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-13-01')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('a day in Asia/Ho_Chi_Minh (UTC+7) starts at 17:00 UTC the day before', () => {
    const hcm = zone('Asia/Ho_Chi_Minh');
    expect(hcm.startOfDay('2026-11-01').toISOString()).toBe('2026-10-31T17:00:00.000Z');
    expect(hcm.wallClock(Date.parse('2026-10-31T17:00:00.000Z')).toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(hcm.today(Date.parse('2026-10-31T16:59:59.999Z'))).toBe('2026-10-31');
    expect(hcm.today(Date.parse('2026-10-31T17:00:00.000Z'))).toBe('2026-11-01');
  });

  it('follows daylight saving time (Europe/Berlin, a 23-hour and a 25-hour day)', () => {
    const berlin = zone('Europe/Berlin');
    expect(berlin.startOfDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(berlin.startOfDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(berlin.startOfDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(berlin.startOfDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
    expect(berlin.wallClock(Date.parse('2026-10-25T01:30:00.000Z')).toISOString()).toBe('2026-10-25T02:30:00.000Z');
    expect(berlin.wallClock(Date.parse('2026-10-25T00:30:00.000Z')).toISOString()).toBe('2026-10-25T02:30:00.000Z');
  });
});
