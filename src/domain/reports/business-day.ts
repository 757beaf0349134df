/**
 * Business days (DESIGN decision 8's sibling for time): a tenant's day runs from its close time
 * to its close time in its own time zone. With the default close time 00:00 it is the local
 * calendar day, so a sale at 23:30 in Ho Chi Minh City belongs to that day, not the UTC one; a
 * bar closing at 04:00 keeps its 01:00 sales on the evening they belong to.
 */
export const CLOSE_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface BusinessDay {
  /** YYYY-MM-DD */
  date: string;
  /** The local hour (0–23) on the wall clock of the tenant's time zone. */
  hour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant (ms), read from the wall clock ICU shows for it. */
function offsetAt(instant: number, timeZone: string): number {
  const p = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * Offsets change only at transitions, which fall on whole quarter hours of UTC in every zone in
 * use; an offset read once holds for the rest of its quarter hour.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, { quarter: number; offset: number }>();

function offsetFor(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_HOUR);
  const known = offsets.get(timeZone);
  if (known?.quarter === quarter) return known.offset;
  const offset = offsetAt(instant, timeZone);
  offsets.set(timeZone, { quarter, offset });
  return offset;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { date: string; hour: number; minute: number } {
  const wall = new Date(instant.getTime() + offsetFor(instant.getTime(), timeZone));
  return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

/** The date `days` days after `date` (YYYY-MM-DD, proleptic Gregorian, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isDate(value: string): boolean {
  return DATE_PATTERN.test(value) && addDays(value, 0) === value;
}

/** The business day an instant falls in: before the close time it still belongs to the day before. */
export function businessDayOf(instant: Date, timeZone: string, closeTime = '00:00'): BusinessDay {
  const local = localTime(instant, timeZone);
  const [closeHour, closeMinute] = closeTime.split(':').map(Number) as [number, number];
  const beforeClose = local.hour * 60 + local.minute < closeHour * 60 + closeMinute;
  return { date: beforeClose ? addDays(local.date, -1) : local.date, hour: local.hour };
}

/**
 * The day a command counts in: its own business day, unless that day was already closed (Z
 * report) — then the first day not yet closed, so a closed day's figures never change.
 */
export function openBusinessDay(day: BusinessDay, lastClosed: string | null): BusinessDay {
  if (lastClosed === null || day.date > lastClosed) return day;
  return { date: addDays(lastClosed, 1), hour: day.hour };
}
