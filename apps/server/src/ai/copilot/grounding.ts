// A generated answer may cite only the sources it was given: `[n]` markers outside 1…k, links to
// help-center articles that were not among the sources, and links to issues are removed and
// reported, so the caller can log them and store them with the decision. Pure.
import type { Citation } from "./compose";

export interface Grounded {
  text: string;
  /** The given sources the text still cites, renumbered in order of first use. */
  citations: Citation[];
  /** What was removed: markers of sources not given, links to articles not given. */
  refused: string[];
}

const MARKER = /\[(\d{1,3})\]/g;
const LINK = /\[([^\]]*)\]\(([^)\s]+)\)/g;

export function groundCitations(text: string, sources: Citation[]): Grounded {
  const refused: string[] = [];
  const given = new Set(sources.map((s) => s.url?.split("#")[0]).filter((u): u is string => Boolean(u)));
  // A link to one of our articles the model was not given is a citation too: keep its words only.
  const unlinked = text.replace(LINK, (whole, label: string, url: string) => {
    // An issue is never a given link (the workspace's own, not the customer's): always removed.
    const ours = url.includes("/help/") || url.includes("/articles/") || url.includes("/issues/");
    if (!ours || given.has(url.split("#")[0] ?? url)) return whole;
    refused.push(`link ${url}`);
    return label;
  });
  const renumber = new Map<number, number>();
  const citations: Citation[] = [];
  const cited = unlinked.replace(MARKER, (_whole, digits: string) => {
    const n = Number(digits);
    const source = sources[n - 1];
    if (!source) {
      refused.push(`[${n}]`);
      return "";
    }
    let m = renumber.get(n);
    if (m === undefined) {
      m = citations.length + 1;
      renumber.set(n, m);
      citations.push({ ...source, n: m });
    }
    return `[${m}]`;
  });
  return { text: cited.replace(/[ \t]+([.,;:!?])/g, "$1").replace(/[ \t]{2,}/g, " "), citations, refused };
}
