// Word matching for `search` conditions in memory; SQL uses PostgreSQL's full-text index.

/** Same tokenisation as PostgreSQL's 'simple' configuration, near enough for matching words. */
export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}
