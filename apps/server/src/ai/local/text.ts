// Tokenising and a light English stemmer for the local engine. Deliberately small:
// char n-grams carry spelling variants, the stemmer only folds common inflections.

// Function words: kept in bigrams ("how do", "why is" carry intent) but not as unigrams or
// char n-grams, where they only make unrelated texts look alike.
const STOPWORDS = new Set(
  (
    "a an the and or but of to in on at for from with by as is are was were be been being am i im me my we our us " +
    "you your it its this that these those there here do does did doing have has had having will would can could " +
    "should shall may might must just so very too also then than if about into up out over hi hello hey please " +
    "thanks thank he she they them their his her what which who whom"
  ).split(" "),
);

/** Lower-case, fold quotes/accents, drop apostrophes inside words ("can't" → "cant"). */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/([a-z])'([a-z])/g, "$1$2");
}

/** Word tokens: letters and digits; numbers collapse to a shape token so "3 days" ≈ "5 days". */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of normalise(text).matchAll(/[a-z0-9]+/g)) {
    const t = m[0];
    out.push(/^[0-9]+$/.test(t) ? (t.length <= 2 ? "#n" : "#nnn") : t);
  }
  return out;
}

export function isStopword(token: string): boolean {
  return STOPWORDS.has(token);
}

const VOWEL = /[aeiouy]/;

/** Porter-style suffix folding for the common cases (plural, -ed, -ing, -ly, -ment, -tion …). */
export function stem(word: string): string {
  if (word.length <= 3 || word.startsWith("#")) return word;
  let w = word;
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies") && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  const strip = (suffix: string, min: number): boolean => {
    if (w.endsWith(suffix) && w.length - suffix.length >= min && VOWEL.test(w.slice(0, -suffix.length))) {
      w = w.slice(0, -suffix.length);
      return true;
    }
    return false;
  };
  if (strip("ing", 3) || strip("ed", 3)) {
    // undouble ("stopped" → "stop") and restore a dropped e is skipped: consistency matters, not words
    if (/([bdfgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  }
  for (const suffix of ["ational", "ation", "ments", "ment", "ness", "ful", "ably", "ibly", "ly", "ize", "ise"]) {
    if (strip(suffix, 3)) break;
  }
  if (w.endsWith("e") && w.length > 4) w = w.slice(0, -1);
  if (w.endsWith("y") && w.length > 3 && !VOWEL.test(w.charAt(w.length - 2))) w = `${w.slice(0, -1)}i`;
  return w;
}
