// What the audit log keeps of a value: secrets never (a key whose name says secret, password,
// token or key is replaced), and only the fields that changed when both sides are objects.
export type AuditValue = Record<string, unknown>;

const SECRET_KEY = /secret|password|token|api_?key|private|sealed|hash|dkim/i;
export const REDACTED = "[redacted]";

/** A copy of `value` with every secret-named field, at any depth, replaced by "[redacted]". */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && inner !== null && inner !== undefined ? REDACTED : redact(inner);
  }
  return out;
}

/**
 * Before and after, redacted, keeping only the keys whose value changed (a settings form sends
 * every field; the log should say what moved). Either side may be absent (created, deleted).
 */
export function auditDiff(
  before: AuditValue | null | undefined,
  after: AuditValue | null | undefined,
): { before: AuditValue | null; after: AuditValue | null } {
  const b = before ? (redact(before) as AuditValue) : null;
  const a = after ? (redact(after) as AuditValue) : null;
  if (!b || !a) return { before: b, after: a };
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  const changedBefore: AuditValue = {};
  const changedAfter: AuditValue = {};
  for (const key of keys) {
    // Compared before redaction: a changed secret shows as changed, not as its value.
    if (JSON.stringify(before?.[key]) === JSON.stringify(after?.[key])) continue;
    // A secret that changed says so, without saying what it was or became.
    changedBefore[key] = b[key] ?? null;
    changedAfter[key] = a[key] ?? null;
  }
  return { before: changedBefore, after: changedAfter };
}
