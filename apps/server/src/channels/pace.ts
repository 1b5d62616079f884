// Evenly spaced sends for bulk delivery (broadcasts): one slot every 60 s / perMinute per key (a
// workspace's broadcast emails, a workspace's broadcast Slack posts), in this process.

const nextSlot = new Map<string, number>();

/** Resolves at the caller's slot: callers sharing `key` share one pace. */
export function pacer(key: string, perMinute: number): () => Promise<void> {
  const interval = 60_000 / perMinute;
  return async () => {
    const now = Date.now();
    const slot = Math.max(now, nextSlot.get(key) ?? 0);
    nextSlot.set(key, slot + interval);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  };
}
