// What an agent did with a copilot draft, judged from the reply they sent: the word-level edit
// distance between the two (citation markers aside), and from it accepted, edited or discarded.

export type DraftOutcome = "accepted" | "edited" | "discarded";

/** At or above: sent as drafted (typos, a greeting changed). */
export const ACCEPTED_AT = 0.9;
/** Below: the agent wrote their own answer; the draft was not used. */
export const DISCARDED_BELOW = 0.3;
/** Longer replies are compared on their first words: the quadratic distance stays bounded. */
const MAX_WORDS = 1_500;

/** Lower-case words without the draft's `[n]` citation markers and punctuation. */
export function words(text: string): string[] {
  return text
    .replace(/\[\d+\]/g, " ")
    .toLowerCase()
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter(Boolean)
    .slice(0, MAX_WORDS);
}

/** Levenshtein distance over words (insert, delete, substitute one word), two rows of memory. */
export function wordDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

export function draftOutcome(draft: string, sent: string) {
  const a = words(draft);
  const b = words(sent);
  const editDistance = wordDistance(a, b);
  const longer = Math.max(a.length, b.length);
  const similarity = longer === 0 ? 1 : 1 - editDistance / longer;
  const outcome: DraftOutcome =
    similarity >= ACCEPTED_AT ? "accepted" : similarity < DISCARDED_BELOW ? "discarded" : "edited";
  return { outcome, editDistance, similarity };
}
