import { addDays, zone } from '../time-zone';

/**
 * Business days (DESIGN decision 8's sibling for time): a tenant's day runs from its close time
 * to its close time in its own time zone. With the default close time 00:00 it is the local
 * calendar day, so a sale at 23:30 in Ho Chi Minh City belongs to that day, not the UTC one; a
 * bar closing at 04:00 keeps its 01:00 sales on the evening they belong to.
 */
export const CLOSE_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface BusinessDay {
  /** YYYY-MM-DD */
  date: string;
  /** The local hour (0–23) on the wall clock of the tenant's time zone. */
  hour: number;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localTime(instant: Date, timeZone: string): { date: string; hour: number; minute: number } {
  const wall = zone(timeZone).wallClock(instant.getTime());
  return { date: wall.toISOString().slice(0, 10), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

/** The business day an instant falls in: before the close time it still belongs to the day before. */
export function businessDayOf(instant: Date, timeZone: string, closeTime = '00:00'): BusinessDay {
  const local = localTime(instant, timeZone);
  const [closeHour, closeMinute] = closeTime.split(':').map(Number) as [number, number];
  const beforeClose = local.hour * 60 + local.minute < closeHour * 60 + closeMinute;
  return { date: beforeClose ? addDays(local.date, -1) : local.date, hour: local.hour };
}

/** The last business day that has ended by `instant`: the day before the one it falls in (what jobs close and export). */
export function lastEndedBusinessDay(instant: Date, timeZone: string, closeTime = '00:00'): string {
  return addDays(businessDayOf(instant, timeZone, closeTime).date, -1);
}

/**
 * The day a command counts in: its own business day, unless that day was already closed (Z
 * report) — then the first day not yet closed, so a closed day's figures never change.
 */
export function openBusinessDay(day: BusinessDay, lastClosed: string | null): BusinessDay {
  if (lastClosed === null || day.date > lastClosed) return day;
  return { date: addDays(lastClosed, 1), hour: day.hour };
}
