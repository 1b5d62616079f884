// AI custom fields on a new issue: each issue field marked AI in settings is filled by the local
// classifier trained on the field's description and on issues people labelled with it, like the
// Router on its runbooks. A text field gets a span of the customer's own words picked by its
// description (ai/fields/extract.ts: an example's shape like INV-1234, else the closest phrase),
// or, with OPENAI_BASE_URL set, the model's value when it is found in those words
// (ai/fields/generative.ts). Every attempt is an ai_decision with its reason — a value, or why
// the field stays empty (not sure enough, a type the AI cannot fill).
import { and, eq, ne, sql } from "drizzle-orm";
import { CLASSIFIABLE_TYPES, fieldExamples } from "../ai/fields/examples";
import { textFieldFillerFor } from "../ai/fields/generative";
import { trainClassifier } from "../ai/local";
import { type Actor, runCommand } from "../commands/context";
import { setIssueFields } from "../commands/issues";
import { loadIssueByIdForUpdate } from "../commands/lookup";
import { recordDecision } from "../commands/routing";
import { type aiDecisions, customFields, issueEvents, issues, messages } from "../db/schema";
import { newestFirst } from "../queries/pagination";
import { FRESH_READS, loadIssueContext, type RoutingReads } from "../queries/routing";
import type { Services } from "../services";

type DecisionRow = typeof aiDecisions.$inferSelect;

const AI_FIELDS: Actor = { type: "system", name: "AI fields" };
/** Below this calibrated probability the field stays empty: a wrong category costs more than none. */
const THRESHOLD = 0.5;
/** Labelled issues read per field: the most recent ones. */
const HISTORY = 200;

type FieldRow = typeof customFields.$inferSelect;

export interface FillOptions {
  /** An agent asked for it on the issue page: closed issues too, and only the fields named (all when empty). */
  onDemand?: { keys?: readonly string[] };
  /** A routing batch's memo of the AI fields and first messages. */
  reads?: RoutingReads;
}

/** Fills the issue's empty AI fields; returns the decisions recorded (one per field tried). */
export async function fillAiFields(
  services: Services,
  workspaceId: string,
  issueId: string,
  options: FillOptions = {},
): Promise<DecisionRow[]> {
  const db = services.database.db;
  const reads = options.reads ?? FRESH_READS;
  const keys = options.onDemand?.keys ?? [];
  const aiFields = await reads.once(`aiFields:${workspaceId}`, () =>
    db
      .select()
      .from(customFields)
      .where(
        and(
          eq(customFields.workspaceId, workspaceId),
          eq(customFields.object, "issue"),
          eq(customFields.aiEnabled, true),
        ),
      ),
  );
  const fields = aiFields.filter((f) => keys.length === 0 || keys.includes(f.key));
  if (fields.length === 0) return [];
  const context = await loadIssueContext(db, workspaceId, issueId, { reads });
  if (!context || (context.issue.state === "closed" && !options.onDemand)) return [];
  const recorded: DecisionRow[] = [];
  for (const field of fields) {
    // A person, a trigger or the channel set it already: the AI does not second-guess them.
    if (isSet(context.issue.customFields[field.key])) continue;
    const row = await fillOne(services, workspaceId, issueId, field, context.text);
    if (row) recorded.push(row);
  }
  return recorded;
}

async function fillOne(services: Services, workspaceId: string, issueId: string, field: FieldRow, text: string) {
  const verdict = await classify(services, workspaceId, issueId, field, text);
  return runCommand(services, { workspaceId, actor: AI_FIELDS }, async (ctx) => {
    const issue = await loadIssueByIdForUpdate(ctx, issueId);
    if (isSet(issue.customFields[field.key])) return null;
    if (verdict.value !== null) {
      const value = field.type === "multiselect" ? [verdict.value] : verdict.value;
      await setIssueFields(ctx, issue.number, { [field.key]: value });
    }
    return recordDecision(ctx, issue, {
      kind: "field",
      input: { text: text.slice(0, 4_000), key: field.key },
      output: { key: field.key, label: field.label, value: verdict.value },
      confidence: verdict.confidence,
      reason: verdict.reason,
      evidence: verdict.evidence,
      alternatives: verdict.scores.map((s) => ({ label: s.label, name: s.label, probability: s.probability })),
      provider: verdict.provider ?? "local",
    });
  });
}

interface Verdict {
  value: string | null;
  confidence: number | null;
  reason: string;
  evidence: string[];
  scores: { label: string; probability: number }[];
  provider?: string;
}

async function classify(
  services: Services,
  workspaceId: string,
  issueId: string,
  field: FieldRow,
  text: string,
): Promise<Verdict> {
  const empty = (reason: string): Verdict => ({ value: null, confidence: null, reason, evidence: [], scores: [] });
  if (field.type === "text") {
    if (!field.description.trim()) return empty(`Describe ${field.label} in settings for the AI to look for it.`);
    const answer = await textFieldFillerFor(services.config)({
      label: field.label,
      description: field.description,
      text,
    });
    return {
      value: answer.value,
      confidence: answer.value === null ? null : answer.confidence,
      reason: answer.reason,
      evidence: answer.evidence ? [answer.evidence] : [],
      scores: [],
      provider: answer.provider,
    };
  }
  if (!(CLASSIFIABLE_TYPES as readonly string[]).includes(field.type)) {
    return empty(`The AI fills choice and text fields only; a ${field.type} field is left for people.`);
  }
  if (field.options.length < 2) return empty(`${field.label} needs at least two options for the AI to choose from.`);
  const history = await labelledHistory(services, workspaceId, issueId, field.key);
  const model = trainClassifier(fieldExamples(field, history), { threshold: THRESHOLD });
  const prediction = model.predict(text);
  const pct = (p: number) => `${Math.round(p * 100)}%`;
  const best = prediction.scores[0];
  const quoted = prediction.evidence.map((e) => `“${e}”`).join(", ");
  if (!prediction.label) {
    const closest = best ? ` (closest: ${best.label}, ${pct(best.probability)}; needs ${pct(THRESHOLD)})` : "";
    const more = field.description.trim() ? "" : " Describe the options in settings to help it.";
    return { ...empty(`Not sure enough to choose${closest}.${more}`), scores: prediction.scores };
  }
  return {
    value: prediction.label,
    confidence: prediction.confidence,
    reason: `Reads as ${prediction.label} (${pct(prediction.confidence)})${quoted ? `: ${quoted}` : ""}.`,
    evidence: prediction.evidence,
    scores: prediction.scores,
  };
}

/** Earlier issues a person gave this field a value, with their text (title and first public message). */
async function labelledHistory(services: Services, workspaceId: string, issueId: string, key: string) {
  const firstText = sql<string | null>`(SELECT ${messages.bodyText} FROM ${messages}
    WHERE ${messages.issueId} = ${issues.id} AND ${messages.visibility} = 'public'
    ORDER BY ${messages.createdAt} LIMIT 1)`;
  const rows = await services.database.db
    .select({ title: issues.title, value: sql<unknown>`${issues.customFields} -> ${key}`, first: firstText })
    .from(issues)
    .where(
      and(
        eq(issues.workspaceId, workspaceId),
        ne(issues.id, issueId),
        sql`${issues.customFields} ? ${key}`,
        sql`EXISTS (SELECT 1 FROM ${issueEvents} WHERE ${issueEvents.issueId} = ${issues.id}
          AND ${issueEvents.type} = 'field' AND ${issueEvents.actorType} = 'user' AND ${issueEvents.data} ->> 'key' = ${key})`,
      ),
    )
    .orderBy(newestFirst(issues.createdAt))
    .limit(HISTORY);
  return rows.flatMap((r) => {
    const value = Array.isArray(r.value) ? r.value[0] : r.value;
    return typeof value === "string" ? [{ text: [r.title, r.first ?? ""].join("\n\n"), value }] : [];
  });
}

const isSet = (v: unknown) => v !== undefined && v !== null && v !== "" && !(Array.isArray(v) && v.length === 0);
