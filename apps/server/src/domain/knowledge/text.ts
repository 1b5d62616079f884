// Pure text helpers of the knowledge base: slugs, an article's sections, sentences and the
// word stems retrieval compares.

/** A URL slug from a title: lower-case ASCII words joined by dashes, at most 80 characters. */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return slug || "article";
}

export interface Section {
  /** The heading above the section; null for the text before the first heading. */
  heading: string | null;
  /** Anchor of the heading on the rendered page (`#heading-slug`). */
  anchor: string | null;
  text: string;
}

/** Splits markdown at its headings (`#` … `######`), skipping fenced code. */
export function sections(markdown: string): Section[] {
  const out: Section[] = [];
  let current: Section = { heading: null, anchor: null, text: "" };
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading?.[1]) {
      if (current.text.trim() || current.heading) out.push(current);
      current = { heading: heading[1], anchor: slugify(heading[1]), text: "" };
    } else {
      current.text += `${line}\n`;
    }
  }
  if (current.text.trim() || current.heading) out.push(current);
  return out.map((s) => ({ ...s, text: s.text.trim() }));
}

/** Markdown reduced to readable plain text (links keep their words, code fences their code). */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(```|~~~).*$/gm, "")
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, "")
    .replace(/[*_`~]+/g, "")
    .replace(/[ \t]+/g, " ")
    .trim();
}

/** Sentences (and list items) of plain text, each trimmed; fragments under 3 words are dropped. */
export function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"'(])/)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 3);
}

const STOP = new Set(
  (
    "a an and are as at be but by can could did do does for from had has have how i if in into is it its " +
    "me my no not of on or our please so that the their them then there these they this to was we were " +
    "what when where which who why will with would you your hi hello thanks thank regards just get got " +
    "any some us am been being out up about also there's it's i'm we're can't don't"
  ).split(" "),
);

/** Lower-case word stems without stop words: a light suffix stripper, enough to match forms. */
export function terms(text: string): string[] {
  const words = text.toLowerCase().match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  return words.filter((w) => !STOP.has(w) && w.length > 1).map(stem);
}

export function stem(word: string): string {
  let w = word.replace(/'s$/, "");
  for (const [suffix, keep] of [
    ["ational", "ate"],
    ["ization", "ize"],
    ["ations", "ate"],
    ["ation", "ate"],
    ["ing", ""],
    ["edly", ""],
    ["ed", ""],
    ["ies", "y"],
    ["es", ""],
    ["s", ""],
    ["ly", ""],
  ] as const) {
    if (w.endsWith(suffix) && w.length - suffix.length >= 3) {
      w = w.slice(0, -suffix.length) + keep;
      break;
    }
  }
  return w;
}
