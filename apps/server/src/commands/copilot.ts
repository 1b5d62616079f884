// The copilot's answers are AI decisions: stored with their sources so a person can see why, and
// so acceptance (what the agent sent) can be measured against them.
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { loadIssueForUpdate } from "./lookup";
import { recordDecision } from "./routing";

export interface CopilotRecord {
  kind: "draft" | "summary" | "answer";
  input: Record<string, unknown>;
  text: string;
  citations: { n: number; kind: string; id: string; title: string; section: string | null }[];
  confidence: number;
  reason: string;
  provider: string;
}

export async function recordCopilotAnswer(ctx: CommandContext, number: number, answer: CopilotRecord) {
  authorize(ctx, "message.write");
  const issue = await loadIssueForUpdate(ctx, number);
  return recordDecision(ctx, issue, {
    kind: answer.kind,
    input: answer.input,
    output: {
      text: answer.text,
      sources: answer.citations.map((c) => ({ n: c.n, kind: c.kind, id: c.id, title: c.title, section: c.section })),
    },
    confidence: answer.confidence,
    reason: answer.reason,
    evidence: answer.citations.map((c) => `${c.kind}:${c.id}`),
    provider: answer.provider,
  });
}
