// Knowledge gaps: grouping questions that ask much the same thing, and a draft article composed
// from the answers agents gave on the gaps' issues (steps, caveats, sources cited).
import { sentences, terms } from "./text";

/** Greedy grouping by word overlap (Jaccard of stems ≥ threshold); biggest groups first. */
export function groupSimilar<T>(items: T[], text: (item: T) => string, threshold = 0.34): T[][] {
  const groups: { stems: Set<string>; members: T[] }[] = [];
  for (const item of items) {
    const stems = new Set(terms(text(item)));
    const home = groups.find((g) => jaccard(g.stems, stems) >= threshold);
    if (home) {
      home.members.push(item);
      for (const s of stems) home.stems.add(s);
    } else {
      groups.push({ stems, members: [item] });
    }
  }
  return groups.map((g) => g.members).sort((a, b) => b.length - a.length);
}

function jaccard(a: Set<string>, b: Set<string>) {
  if (a.size === 0 || b.size === 0) return 0;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

export interface AnsweredIssue {
  number: number;
  title: string;
  /** The agents' public replies, oldest first. */
  answers: string[];
}

const CAVEAT = /\b(if|unless|only|note|make sure|before|won't|cannot|can't|doesn't|not)\b/i;

/** A draft article: a title, the steps agents gave, their caveats, and the issues they came from. */
export function draftArticle(question: string, issues: AnsweredIssue[]): { title: string; body: string } {
  const lines = issues.flatMap((i) =>
    i.answers.flatMap((a) =>
      sentences(a).map((s) => ({ s: s.replace(/^(hi|hey|hello|thanks)[^,—-]*[,—-]\s*/i, ""), n: i.number })),
    ),
  );
  const seen = new Set<string>();
  const unique = lines.filter(({ s }) => {
    const key = s.toLowerCase();
    if (seen.has(key) || s.length < 15) return false;
    seen.add(key);
    return true;
  });
  const steps = unique.filter(({ s }) => !CAVEAT.test(s)).slice(0, 6);
  const caveats = unique.filter(({ s }) => CAVEAT.test(s)).slice(0, 4);
  const title = question.trim().replace(/\s+/g, " ").slice(0, 120);
  const body = [
    `This article answers: “${title}”.`,
    "",
    "## Steps",
    "",
    ...(steps.length ? steps.map(({ s, n }, i) => `${i + 1}. ${s} (from #${n})`) : ["1. Describe the first step."]),
    "",
    "## Caveats",
    "",
    ...(caveats.length ? caveats.map(({ s, n }) => `- ${s} (from #${n})`) : ["- None known yet."]),
    "",
    "## Sources",
    "",
    ...issues.map((i) => `- Issue #${i.number}: ${i.title}`),
  ].join("\n");
  return { title, body };
}
