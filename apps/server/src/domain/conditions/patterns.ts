// Regular expressions written by admins (`matches`): refused when they could backtrack
// catastrophically, and run on bounded input.

export const MAX_PATTERN_CHARS = 200;
/** Text beyond this is not searched: bounds the work any pattern can do. */
export const MAX_MATCH_INPUT_CHARS = 20_000;

/**
 * Why a regular expression is refused, or null when it is acceptable. JavaScript regexes
 * backtrack, so admin-written patterns are kept short and without nested quantifiers such as
 * `(a+)+` or back-references, the shapes that make matching exponential.
 */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_CHARS) return `Patterns may have at most ${MAX_PATTERN_CHARS} characters.`;
  if (/\\[1-9]|\\k</.test(pattern)) return "Back-references are not allowed.";
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{?]/.test(pattern)) return "Nested quantifiers are not allowed.";
  try {
    new RegExp(pattern, "iu");
  } catch (error) {
    return `Invalid pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  return null;
}

/** An unsafe pattern matches nothing. */
export function safeRegexTest(pattern: string, text: string): boolean {
  if (unsafePatternReason(pattern)) return false;
  return new RegExp(pattern, "iu").test(text.slice(0, MAX_MATCH_INPUT_CHARS));
}
