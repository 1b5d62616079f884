// Compact time labels for dense lists: "4m", "3h", "2d", "5w", and a full local date for tooltips.

const UNITS: [limitSeconds: number, divisor: number, suffix: string][] = [
  [60, 1, "s"],
  [3_600, 60, "m"],
  [86_400, 3_600, "h"],
  [7 * 86_400, 86_400, "d"],
  [365 * 86_400, 7 * 86_400, "w"],
  [Number.POSITIVE_INFINITY, 365 * 86_400, "y"],
];

export function ageLabel(iso: string, now: number = Date.now()): string {
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (Number.isNaN(seconds)) return "—";
  for (const [limit, divisor, suffix] of UNITS) {
    if (seconds < limit) return `${Math.floor(seconds / divisor)}${suffix}`;
  }
  return "—";
}

const full = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

export function dateLabel(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : full.format(time);
}
