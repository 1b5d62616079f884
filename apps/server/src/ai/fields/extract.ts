// AI text fields, offline: the field's description picks a span of the customer's own words.
// An example token in the description ("like INV-1234", "e.g. ada@example.com") is generalised to
// its shape (letters → A, digits → 9) and a token of that shape in the text is the value (none of
// that shape: empty, as a phrase is not an id). With no example, the sentence, clause or short
// phrase whose words (stems, and near spellings by char trigrams) are most about the description. The value is always copied from the text, never written. Pure.
import { isStopword, normalise, stem } from "../local/text";

export interface Extraction {
  value: string | null;
  confidence: number;
  /** The customer's sentence the value came from (or the closest one when empty). */
  evidence: string | null;
  reason: string;
}

/** Below this the field stays empty: a wrong fact in a field costs more than an empty one. */
export const TEXT_THRESHOLD = 0.5;
/** Longest value copied into a field. */
const MAX_VALUE = 200;
/** Longest phrase (in words) tried inside a clause. */
const MAX_PHRASE = 6;

// Words a description uses to talk about the field rather than about its content.
const META = new Set(
  (
    "customer customers user users issue issues ticket talk talking about mention mentioned mentions which field value " +
    "like eg e g example examples such any one usually typically often whatever name names area kind type sort"
  ).split(" "),
);

const pct = (p: number) => `${Math.round(p * 100)}%`;

interface Token {
  word: string;
  start: number;
  end: number;
}

function words(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((m) => ({
    word: m[0],
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/** The stem of a content word, or null for function and meta words. */
function content(word: string): string | null {
  const w = normalise(word).replace(/[^a-z0-9]/g, "");
  if (w.length < 2 || isStopword(w) || META.has(w)) return null;
  return stem(w);
}

function trigrams(w: string): Set<string> {
  const padded = `^${w}$`;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

/** 1 for the same stem; the trigram overlap of near spellings ("exports" ~ "exporting"); else 0. */
function closeness(stemmed: string, description: ReadonlySet<string>, grams: Map<string, Set<string>>): number {
  if (description.has(stemmed)) return 1;
  if (stemmed.length < 4) return 0;
  const mine = trigrams(stemmed);
  let best = 0;
  for (const [other, theirs] of grams) {
    if (other.length < 4) continue;
    let shared = 0;
    for (const g of mine) if (theirs.has(g)) shared++;
    const jaccard = shared / (mine.size + theirs.size - shared);
    if (jaccard > best) best = jaccard;
  }
  return best >= 0.5 ? best : 0;
}

/** A regex for an example token's shape: runs of letters (A) and of digits (9); the rest literal. */
export function shapeOf(example: string): RegExp {
  if (example.includes("@")) return /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
  const classes = example.replace(/[A-Za-z]+|[0-9]+|[^A-Za-z0-9]/g, (run) => {
    if (/^[A-Za-z]+$/.test(run)) return "[A-Za-z]+";
    if (/^[0-9]+$/.test(run)) return "[0-9]+";
    return run.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  });
  return new RegExp(`(?<![\\w@-])${classes}(?![\\w@-]|[.-][\\w])`, "g");
}

/** Tokens in the description that are examples of a value: they hold a digit or an @. */
export function exampleTokens(description: string): string[] {
  const found = description.match(/[\w.+-]*[\w]@[\w-]+(?:\.[\w-]+)+|[A-Za-z0-9]+(?:[-_/.#][A-Za-z0-9]+)*/g) ?? [];
  return found.filter((t) => t.length >= 3 && /[0-9@]/.test(t) && !/^[0-9]{1,2}$/.test(t));
}

/** The sentences of the text with their offsets. */
function sentences(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^.!?\n]+[.!?]*/g)) {
    const raw = m[0];
    const lead = raw.length - raw.trimStart().length;
    const s = m.index + lead;
    const e = m.index + raw.trimEnd().length;
    if (e > s) out.push({ start: s, end: e });
  }
  return out;
}

export function extractTextValue(description: string, text: string): Extraction {
  const sentenceOf = (at: number) => {
    const s = sentences(text).find((x) => x.start <= at && at < x.end);
    return s ? text.slice(s.start, s.end) : text.slice(0, MAX_VALUE);
  };

  // 1. A token shaped like the description's example.
  const examples = exampleTokens(description);
  for (const example of examples) {
    const prefix = /^[A-Za-z]+/.exec(example)?.[0];
    const hits = [...text.matchAll(shapeOf(example))];
    if (hits.length === 0) continue;
    const samePrefix = hits.find((h) => prefix && h[0].toLowerCase().startsWith(prefix.toLowerCase()));
    const hit = samePrefix ?? hits[0];
    if (!hit) continue;
    const confidence = samePrefix ? 0.9 : 0.75;
    const evidence = sentenceOf(hit.index);
    return {
      value: hit[0],
      confidence,
      evidence,
      reason: `Found ${hit[0]} (${pct(confidence)}), shaped like ${example} in the description: “${evidence}”.`,
    };
  }

  // The description shows what a value looks like: a phrase of another shape is not one.
  if (examples.length > 0) {
    return {
      value: null,
      confidence: 0,
      evidence: null,
      reason: `No value shaped like ${examples.join(" or ")} in the customer's words.`,
    };
  }

  // 2. The span most about the description.
  const described = new Set(words(description).flatMap((t) => content(t.word) ?? []));
  if (described.size === 0) {
    return { value: null, confidence: 0, evidence: null, reason: "The description names nothing to look for." };
  }
  const grams = new Map([...described].map((d) => [d, trigrams(d)]));
  let best: { start: number; end: number; score: number; matched: string[] } | undefined;
  const consider = (tokens: Token[]) => {
    const scored = tokens.map((t) => {
      const c = content(t.word);
      return { t, c, m: c ? closeness(c, described, grams) : 0 };
    });
    // Spans start and end on a word that matches; function words inside are free.
    const contentCount = scored.filter((s) => s.c).length;
    const matchedWords = scored.filter((s) => s.m > 0);
    if (contentCount === 0 || matchedWords.length === 0) return;
    const matched = matchedWords.reduce((sum, s) => sum + s.m, 0);
    const precision = matched / contentCount;
    const coverage = 1 - 0.4 ** matched;
    const score = precision * coverage;
    const first = tokens[0];
    const last = tokens[tokens.length - 1];
    if (!first || !last) return;
    const span = { start: first.start, end: last.end, score, matched: matchedWords.map((s) => s.t.word) };
    // Ties go to the longer span (more of the customer's words), then the earlier one.
    if (
      !best ||
      score > best.score + 1e-9 ||
      (Math.abs(score - best.score) <= 1e-9 && span.end - span.start > best.end - best.start)
    ) {
      best = span;
    }
  };
  for (const s of sentences(text)) {
    const sentence = words(text.slice(s.start, s.end)).map((t) => ({
      ...t,
      start: t.start + s.start,
      end: t.end + s.start,
    }));
    consider(sentence);
    for (let i = 0; i < sentence.length; i++) {
      for (let j = i; j < Math.min(sentence.length, i + MAX_PHRASE); j++) {
        const phrase = sentence.slice(i, j + 1);
        const edges = [phrase[0], phrase[phrase.length - 1]];
        if (edges.some((t) => !t || !content(t.word))) continue;
        // A phrase does not cross a clause break.
        const inner = text.slice(phrase[0]?.start ?? 0, phrase[phrase.length - 1]?.end ?? 0);
        if (/[,;:()]/.test(inner)) continue;
        consider(phrase);
      }
    }
  }
  if (!best) {
    return {
      value: null,
      confidence: 0,
      evidence: null,
      reason: "Nothing in the customer's words matches the description.",
    };
  }
  const found = best;
  const value = text.slice(found.start, found.end).slice(0, MAX_VALUE);
  const evidence = sentenceOf(found.start);
  const confidence = Math.min(0.95, found.score);
  if (confidence < TEXT_THRESHOLD) {
    return {
      value: null,
      confidence,
      evidence,
      reason: `Not sure enough (closest: “${value}”, ${pct(confidence)}; needs ${pct(TEXT_THRESHOLD)}).`,
    };
  }
  const quoted = evidence === value ? "" : ` in “${evidence}”`;
  return {
    value,
    confidence,
    evidence,
    reason: `Took “${value}” (${pct(confidence)})${quoted}: it matches the description on ${found.matched.join(", ")}.`,
  };
}
