// Ask AI's offline answer: counts, a ranking of groups for "most common …" questions, and a short
// extractive summary quoting the issues themselves — every sentence traceable to a cited issue.
// Pure: takes the parsed filters and the issues read.
import type { AskedIssue } from "../../queries/ask";
import type { AskFilters } from "./parse";

export interface AskGroup {
  label: string;
  /** Where the label comes from: a linked Linear issue, a common topic, a tag, a custom field value, a title word. */
  by: "linear" | "topic" | "tag" | "field" | "title";
  count: number;
  issueNumbers: number[];
}

export interface LocalAnswer {
  text: string;
  groups: AskGroup[];
  /** The issues the text cites, most relevant first. */
  cited: number[];
}

const CITED = 5;
const GROUPS = 5;

export function describeFilters(f: AskFilters): string[] {
  const out: string[] = [];
  if (f.window) out.push(`created ${f.window.label}`);
  if (f.account) out.push(`account ${f.account.name}`);
  if (f.tier) out.push(`tier ${f.tier}`);
  if (f.accountType) out.push(`account type ${f.accountType}`);
  if (f.channel) out.push(`channel ${f.channel}`);
  if (f.tag) out.push(`tag ${f.tag}`);
  if (f.team) out.push(`team ${f.team.name}`);
  if (f.states) out.push(`state ${f.states.join(" or ")}`);
  if (f.featureRequests) out.push("feature requests");
  if (f.terms.length) out.push(`mentions ${f.terms.map((t) => `“${t}”`).join(" or ")}`);
  return out;
}

export function composeAnswer(f: AskFilters, total: number, read: readonly AskedIssue[]): LocalAnswer {
  const scope = describeFilters(f);
  const matching = `${total} issue${total === 1 ? "" : "s"}${scope.length ? ` (${scope.join(", ")})` : ""}`;
  if (total === 0)
    return { text: `No issues match${scope.length ? `: ${scope.join(", ")}` : ""}.`, groups: [], cited: [] };
  const more = total > read.length ? ` The ${read.length} most recent were read.` : "";
  if (f.intent === "count") {
    const cited = read.slice(0, CITED).map((i) => i.number);
    return { text: `${matching}.${more} Most recent: ${cited.map((n) => `#${n}`).join(", ")}.`, groups: [], cited };
  }
  const groups = groupIssues(read, f);
  if (f.intent === "ranking") {
    const lines = groups.map((g, i) => `${i + 1}. ${g.label} — ${g.count} (e.g. #${g.issueNumbers[0]})`);
    const cited = [...new Set(groups.flatMap((g) => g.issueNumbers.slice(0, 2)))];
    return { text: [`${matching}.${more} Most common:`, ...lines].join("\n"), groups, cited };
  }
  const top = read.slice(0, CITED);
  const sentences = top.map((i) => `#${i.number} ${i.title}${gist(i) ? ` — “${gist(i)}”` : ""}`);
  const themes = groups.length ? ` Recurring: ${groups.map((g) => `${g.label} (${g.count})`).join(", ")}.` : "";
  const open = read.filter((i) => i.state !== "closed").length;
  return {
    text: [`${matching}, ${open} of those read still open.${more}${themes}`, ...sentences].join("\n"),
    groups,
    cited: top.map((i) => i.number),
  };
}

/** The first sentence of the customer's first message, shortened. */
export function gist(issue: AskedIssue): string {
  const text = (issue.firstMessage ?? "").replace(/\s+/g, " ").trim();
  const sentence = text.split(/(?<=[.!?])\s/)[0] ?? "";
  return sentence.length > 140 ? `${sentence.slice(0, 137)}…` : sentence;
}

/**
 * Groups for ranking: feature requests by their Linear issue, else the common topics (the topics
 * model's clusters of customer questions), else tags, else select-field values, else the words
 * most titles share. A group of one says nothing "common", so at least two unless
 * nothing else exists.
 */
export function groupIssues(read: readonly AskedIssue[], f: AskFilters): AskGroup[] {
  const tries: [AskGroup["by"], (i: AskedIssue) => string[]][] = [
    ["linear", (i) => i.linearTitles],
    ["topic", (i) => i.topicLabels],
    ["tag", (i) => i.tags.filter((t) => t !== f.tag)],
    ["field", (i) => fieldValues(i.customFields)],
    ["title", (i) => titleWords(i.title, f.terms)],
  ];
  if (!f.featureRequests) tries.shift();
  for (const [by, keys] of tries) {
    const groups = rank(read, keys, by);
    if (groups.some((g) => g.count >= 2)) return groups.filter((g) => g.count >= 2).slice(0, GROUPS);
  }
  return [];
}

function rank(read: readonly AskedIssue[], keys: (i: AskedIssue) => string[], by: AskGroup["by"]): AskGroup[] {
  const map = new Map<string, AskGroup>();
  for (const issue of read) {
    for (const key of new Set(keys(issue))) {
      const g = map.get(key.toLowerCase()) ?? { label: key, by, count: 0, issueNumbers: [] };
      g.count++;
      g.issueNumbers.push(issue.number);
      map.set(key.toLowerCase(), g);
    }
  }
  return [...map.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

const fieldValues = (fields: Record<string, unknown>) =>
  Object.values(fields).flatMap((v) =>
    typeof v === "string" && v.length <= 60 ? [v] : Array.isArray(v) ? v.filter((x) => typeof x === "string") : [],
  );

const TITLE_STOP = new Set(
  "the and for with from our not can cannot how what when why does into after before issue issues please help need your are was".split(
    " ",
  ),
);
const titleWords = (title: string, terms: readonly string[]) =>
  title
    .toLowerCase()
    .split(/[^a-z0-9-]+/)
    .filter((w) => w.length >= 4 && !TITLE_STOP.has(w) && !terms.includes(w));
