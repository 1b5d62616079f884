// Common topics' rules that are not clustering: which customer messages count as questions, and
// how a topic's trend reads (this week against the weekly average of the four weeks before).

export type Trend = "rising" | "falling" | "steady" | "new";

/**
 * This week's count against the previous four weeks' weekly average: half again as many (and at
 * least two more) is rising, half as many is falling; nothing before but something now is new.
 */
export function trendOf(thisWeek: number, previousFourWeeks: number): Trend {
  const average = previousFourWeeks / 4;
  if (average === 0) return thisWeek > 0 ? "new" : "steady";
  if (thisWeek >= average * 1.5 && thisWeek - average >= 2) return "rising";
  if (thisWeek <= average * 0.5) return "falling";
  return "steady";
}

const ASKING = /^(how|what|why|when|where|which|who|can|could|is|are|does|do|did|will|would|should|may|any)\b/i;

/**
 * A later customer message is a new question when it asks something (a question mark, or opens
 * with a question word) and is not the first question again in other words: fewer than half of
 * its content words appear in the first message. Follow-ups ("thanks, that worked") and
 * rephrasings of the same ask stay out, so one issue does not count its question twice.
 */
export function isNewQuestion(text: string, firstMessage: string, words: (t: string) => string[]): boolean {
  const trimmed = text.trim();
  if (!trimmed.includes("?") && !ASKING.test(trimmed)) return false;
  const mine = new Set(words(trimmed));
  if (mine.size < 3) return false;
  const first = new Set(words(firstMessage));
  let shared = 0;
  for (const w of mine) if (first.has(w)) shared++;
  return shared / mine.size < 0.5;
}

/** A question as stored: first lines of the message, without quoted replies, at most 500 characters. */
export function questionText(body: string): string {
  const lines = body.split("\n").filter((l) => !l.trimStart().startsWith(">"));
  const text = lines.join(" ").replace(/\s+/g, " ").trim();
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}
