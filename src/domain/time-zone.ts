/** An IANA time zone name ICU accepts (its own list omits aliases such as Asia/Ho_Chi_Minh, so ask it directly). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/*
 * Calendar days and wall-clock times in a tenant's time zone, from ICU (Intl): reports and exports
 * count days as the tenant lives them, whatever the server's zone.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const QUARTER_HOUR = 15 * 60_000;

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** The date `days` after a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export interface Zone {
  /** How far the zone's wall clock is ahead of UTC at an instant (ms). */
  offsetAt(instant: number): number;
  /** The instant a day (YYYY-MM-DD) starts in the zone. */
  startOfDay(date: string): Date;
  /** The zone's wall-clock time at an instant, as a Date whose UTC fields show it (for formatting). */
  wallClock(instant: number): Date;
  /** Today's date in the zone. */
  today(now?: number): string;
}

const zones = new Map<string, Zone>();

/** The zone by its IANA name (one per name, so its offsets are asked of ICU once per quarter hour). */
export function zone(timeZone: string): Zone {
  let known = zones.get(timeZone);
  if (!known) zones.set(timeZone, (known = createZone(timeZone)));
  return known;
}

function createZone(timeZone: string): Zone {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  // Offsets change only at quarter hours of UTC, so one ICU call serves every instant of one: an
  // export of a million rows asks ICU a few thousand times, not a million.
  const offsets = new Map<number, number>();
  function offsetAt(instant: number): number {
    const quarter = Math.floor(instant / QUARTER_HOUR);
    let offset = offsets.get(quarter);
    if (offset === undefined) {
      const at = quarter * QUARTER_HOUR;
      const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
      offset = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second)) - at;
      if (offsets.size > 10_000) offsets.clear();
      offsets.set(quarter, offset);
    }
    return offset;
  }
  return {
    offsetAt,
    startOfDay(date) {
      const [year, month, day] = date.split('-').map(Number) as [number, number, number];
      const midnight = Date.UTC(year, month - 1, day);
      // The offset at local midnight; asked again at the first guess in case a change lies between.
      const guess = midnight - offsetAt(midnight);
      return new Date(midnight - offsetAt(guess));
    },
    wallClock: (instant) => new Date(instant + offsetAt(instant)),
    today: (now = Date.now()) => new Date(now + offsetAt(now)).toISOString().slice(0, 10),
  };
}
