// Business-hours arithmetic: how much of a span falls inside working hours. Pure; no-reply
// triggers use it today, SLA calendars build on it.

export interface BusinessCalendar {
  /** UTC weekdays that are working days, 0 = Sunday. */
  days: readonly number[];
  startHour: number;
  endHour: number;
}

/** Working hours, Monday to Friday, in UTC (no per-workspace calendar yet). */
export const BUSINESS_HOURS: BusinessCalendar = { days: [1, 2, 3, 4, 5], startHour: 9, endHour: 17 };

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Hours of `from`–`to` that fall inside business hours. */
export function businessHoursBetween(from: Date, to: Date, calendar: BusinessCalendar = BUSINESS_HOURS): number {
  if (to <= from) return 0;
  let ms = 0;
  // Past a year the exact figure no longer matters to an hour-based rule.
  const start = Math.max(from.getTime(), to.getTime() - 366 * DAY_MS);
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < to.getTime(); day += DAY_MS) {
    if (!calendar.days.includes(new Date(day).getUTCDay())) continue;
    const open = Math.max(day + calendar.startHour * HOUR_MS, start);
    const close = Math.min(day + calendar.endHour * HOUR_MS, to.getTime());
    if (close > open) ms += close - open;
  }
  return ms / HOUR_MS;
}
