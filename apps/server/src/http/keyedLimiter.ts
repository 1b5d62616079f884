// A fixed-window counter per key (an email address, an IP) for public endpoints whose limit
// is not only per caller: the password reset is limited per address as well as per IP. In
// memory, per server process; `hit` is the one seam a shared (database-backed) throttle replaces.
import { AppError } from "../domain/errors";

export interface KeyedLimiter {
  /** Counts one attempt for `key`; throws rate_limited once the window's allowance is spent. */
  hit(key: string, now?: number): void;
}

export function keyedLimiter(options: { max: number; windowMs: number; what: string }): KeyedLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    hit(key, now = Date.now()) {
      if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      const window = windows.get(key);
      if (!window || window.resetAt <= now) {
        windows.set(key, { count: 1, resetAt: now + options.windowMs });
        return;
      }
      window.count++;
      if (window.count > options.max) {
        const minutes = Math.ceil((window.resetAt - now) / 60_000);
        throw new AppError("rate_limited", `Too many ${options.what}; try again in ${minutes} min.`);
      }
    },
  };
}
