// Shows what went wrong in the server's own words, with an optional retry.
import { ApiError } from "../api/client";

type Props = { error: unknown; onRetry?: () => void };

export function ErrorNotice({ error, onRetry }: Props) {
  return (
    <div className="notice error" role="alert">
      <span>{messageOf(error)}</span>
      {onRetry && (
        <button type="button" className="button small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    const reasons = reasonsOf(error.details);
    return reasons.length === 0 ? error.message : `${error.message} ${reasons.join("; ")}.`;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

/**
 * The server's reasons behind a refusal, when it gave them: a custom field's check
 * ({ fields: { key: "Linear issue must be an http(s) URL" } }) or request validation
 * ({ issues: [{ path, message }] }). "Some values are not valid" alone leaves the user guessing.
 */
export function reasonsOf(details: unknown): string[] {
  if (typeof details !== "object" || details === null) return [];
  const { fields, issues } = details as { fields?: unknown; issues?: unknown };
  const reasons: string[] = [];
  if (typeof fields === "object" && fields !== null) reasons.push(...Object.values(fields).map(String));
  if (Array.isArray(issues))
    for (const issue of issues as { path?: unknown; message?: unknown }[])
      reasons.push([issue.path, issue.message].filter((part) => typeof part === "string" && part).join(": "));
  return reasons.filter(Boolean).slice(0, 3);
}
