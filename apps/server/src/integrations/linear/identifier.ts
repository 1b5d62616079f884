// What an agent pastes to link a Linear issue: its key ("ENG-123") or its URL.
const KEY = /(?:^|\/)([A-Za-z][A-Za-z0-9_]{0,9}-\d{1,9})(?:$|[/?#])/;

/** The issue key in `input` (upper-cased), or undefined when there is none. */
export function linearIssueKey(input: string): string | undefined {
  const match = KEY.exec(input.trim());
  return match?.[1]?.toUpperCase();
}
