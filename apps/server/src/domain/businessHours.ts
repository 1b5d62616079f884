// Business-hours arithmetic over a calendar: weekly working periods in an IANA time zone, less
// holidays. Pure; SLA clocks and the no-reply rules (`time.*` condition fields) read it. Local
// times become instants through luxon, so daylight-saving changes are the library's rules, not ours.
import { DateTime, IANAZone } from "luxon";

/** A working period of a weekday (0 = Sunday), local "HH:MM" to "HH:MM" ("24:00" ends the day). */
export interface WorkingPeriod {
  day: number;
  start: string;
  end: string;
}

/** Days off, local dates inclusive (`to` = `from` for one day). */
export interface Holiday {
  name: string;
  from: string;
  to: string;
}

export interface BusinessCalendar {
  timeZone: string;
  hours: readonly WorkingPeriod[];
  holidays: readonly Holiday[];
}

const weekdays = (start: string, end: string) => [1, 2, 3, 4, 5].map((day) => ({ day, start, end }));

/** The calendar of a workspace that has defined none: Monday to Friday, 9 to 17 UTC. */
export const BUSINESS_HOURS: BusinessCalendar = { timeZone: "UTC", hours: weekdays("09:00", "17:00"), holidays: [] };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** How far ahead a due time is searched: a calendar with no working time in two years has none. */
const HORIZON_DAYS = 2 * 366;

export function isTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Why a calendar cannot be used, or null. */
export function calendarProblem(calendar: BusinessCalendar): string | null {
  if (!isTimeZone(calendar.timeZone)) return `unknown time zone "${calendar.timeZone}"`;
  for (const p of calendar.hours) {
    if (!Number.isInteger(p.day) || p.day < 0 || p.day > 6) return `weekday ${p.day} is not 0 (Sunday) to 6`;
    const start = minutesOf(p.start);
    const end = minutesOf(p.end);
    if (start === null || end === null) return `"${p.start}"–"${p.end}" is not HH:MM to HH:MM`;
    if (end <= start) return `a working period must end after it starts (${p.start}–${p.end})`;
  }
  for (const h of calendar.holidays) {
    const from = DateTime.fromISO(h.from, { zone: "UTC" });
    const to = DateTime.fromISO(h.to, { zone: "UTC" });
    if (!from.isValid || !to.isValid) return `holiday "${h.name}" needs dates as YYYY-MM-DD`;
    if (to < from) return `holiday "${h.name}" ends before it starts`;
  }
  return null;
}

function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 24 * 60 ? minutes : null;
}

/** The working windows [start, end) in ms of the local day `date`, holidays removed. */
function windowsOfDay(calendar: BusinessCalendar, date: DateTime): [number, number][] {
  const iso = date.toISODate() ?? "";
  if (calendar.holidays.some((h) => h.from <= iso && iso <= h.to)) return [];
  const weekday = date.weekday % 7;
  const out: [number, number][] = [];
  for (const p of calendar.hours) {
    if (p.day !== weekday) continue;
    const start = minutesOf(p.start);
    const end = minutesOf(p.end);
    if (start === null || end === null || end <= start) continue;
    // Wall-clock times through luxon: on a DST day 09:00 is still 09:00 (a skipped time moves on).
    const at = (minutes: number) =>
      minutes === 24 * 60
        ? date.plus({ days: 1 }).toMillis()
        : date.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
    const open = at(start);
    const close = at(end);
    if (close > open) out.push([open, close]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

interface Day {
  start: number;
  windows: [number, number][];
  next: string;
}

/**
 * Local days already worked out, per calendar (by its content): time-zone maths is the costly
 * part, and a sweep asks the same calendar about the same days again and again.
 */
const dayCache = new Map<string, Map<string, Day>>();
const CACHED_CALENDARS = 64;

function dayOf(calendar: BusinessCalendar, days: Map<string, Day>, date: DateTime): Day {
  const iso = date.toISODate() ?? "";
  const known = days.get(iso);
  if (known) return known;
  const next = date.plus({ days: 1 }).startOf("day");
  const day = { start: date.toMillis(), windows: windowsOfDay(calendar, date), next: next.toISODate() ?? "" };
  days.set(iso, day);
  return day;
}

function cacheOf(calendar: BusinessCalendar): Map<string, Day> {
  const key = JSON.stringify(calendar);
  let days = dayCache.get(key);
  if (!days) {
    if (dayCache.size >= CACHED_CALENDARS) dayCache.clear();
    days = new Map();
    dayCache.set(key, days);
  }
  return days;
}

/** Local days from the one holding `fromMs`: each day's start and its working windows. */
function* days(calendar: BusinessCalendar, fromMs: number): Generator<Day> {
  const cache = cacheOf(calendar);
  let day = dayOf(calendar, cache, DateTime.fromMillis(fromMs, { zone: calendar.timeZone }).startOf("day"));
  for (let i = 0; i <= HORIZON_DAYS; i++) {
    yield day;
    day = cache.get(day.next) ?? dayOf(calendar, cache, DateTime.fromISO(day.next, { zone: calendar.timeZone }));
  }
}

/** Milliseconds of `from`–`to` inside working time. */
export function businessMsBetween(from: Date, to: Date, calendar: BusinessCalendar = BUSINESS_HOURS): number {
  const end = to.getTime();
  // Past a year the exact figure no longer matters to the rules that read it.
  const start = Math.max(from.getTime(), end - 366 * DAY_MS);
  if (end <= start) return 0;
  let ms = 0;
  for (const day of days(calendar, start)) {
    if (day.start >= end) break;
    for (const [open, close] of day.windows) {
      const a = Math.max(open, start);
      const b = Math.min(close, end);
      if (b > a) ms += b - a;
    }
  }
  return ms;
}

/** Hours of `from`–`to` that fall inside business hours. */
export function businessHoursBetween(from: Date, to: Date, calendar: BusinessCalendar = BUSINESS_HOURS): number {
  return businessMsBetween(from, to, calendar) / HOUR_MS;
}

/**
 * The instant when `ms` of working time have passed since `from` (`from` itself when `ms` is 0),
 * or null when the calendar has no working time left within two years.
 */
export function addBusinessMs(from: Date, ms: number, calendar: BusinessCalendar = BUSINESS_HOURS): Date | null {
  const start = from.getTime();
  let left = ms;
  if (left <= 0) return new Date(start);
  for (const { windows } of days(calendar, start)) {
    for (const [open, close] of windows) {
      const a = Math.max(open, start);
      if (close <= a) continue;
      if (close - a >= left) return new Date(a + left);
      left -= close - a;
    }
  }
  return null;
}

/** Hour (0–23) and weekday (0 = Sunday) of an instant on the calendar's wall clock. */
export function localTime(at: Date, calendar: BusinessCalendar = BUSINESS_HOURS): { hour: number; weekday: number } {
  const local = DateTime.fromJSDate(at, { zone: calendar.timeZone });
  return { hour: local.hour, weekday: local.weekday % 7 };
}
