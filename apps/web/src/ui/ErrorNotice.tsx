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
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
