// Ask AI: parse the question into filters, read the matching issues the asker may read, answer
// offline (counts, ranking, extractive summary) — or, with an OpenAI-compatible model configured,
// let it write the answer from those issues alone (generative.ts).
import type { Executor } from "../../db/connect";
import { type AskedIssue, askCatalog, askIssues } from "../../queries/ask";
import type { ReadScope } from "../../queries/scope";
import { composeAnswer, gist } from "./answer";
import type { AskWriter } from "./generative";
import { type AskFilters, parseQuestion } from "./parse";

export async function askQuestion(db: Executor, scope: ReadScope, question: string, now: Date, writer: AskWriter) {
  const filters = parseQuestion(question, await askCatalog(db, scope), now);
  const { total, issues } = await askIssues(db, scope, filters);
  const local = composeAnswer(filters, total, issues);
  const written = await writer({ question, filters, total, issues }, local);
  const byNumber = new Map(issues.map((i) => [i.number, i]));
  return {
    question,
    intent: filters.intent,
    answer: written.text,
    total,
    filters: filtersOf(filters),
    groups: local.groups,
    cited: written.cited.flatMap((n) => {
      const issue = byNumber.get(n);
      return issue ? [ref(issue)] : [];
    }),
    read: issues.map(ref),
    provider: written.provider,
    refused: written.refused,
  };
}

const ref = (i: AskedIssue) => ({
  number: i.number,
  title: i.title,
  state: i.state,
  accountName: i.accountName,
  createdAt: i.createdAt,
  excerpt: gist(i),
});

function filtersOf(f: AskFilters): { field: string; value: string }[] {
  const out: { field: string; value: string }[] = [];
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  if (f.window) {
    const until = f.window.until ? ` to ${iso(f.window.until)}` : "";
    out.push({ field: "created", value: `${f.window.label} (from ${iso(f.window.since)}${until})` });
  }
  if (f.account) {
    const spelled = f.account.spelled ? ` (closest name to “${f.account.spelled}”)` : "";
    out.push({ field: "account", value: `${f.account.name}${spelled}` });
  }
  if (f.tier) out.push({ field: "tier", value: f.tier });
  if (f.accountType) out.push({ field: "account type", value: f.accountType });
  if (f.channel) out.push({ field: "channel", value: f.channel });
  if (f.tag) out.push({ field: "tag", value: f.tag });
  if (f.team) out.push({ field: "team", value: f.team.name });
  if (f.states) out.push({ field: "state", value: f.states.join(", ") });
  if (f.featureRequests) out.push({ field: "feature requests", value: "linked to Linear, tagged or categorised so" });
  if (f.terms.length) out.push({ field: "mentions any of", value: f.terms.join(", ") });
  return out;
}
