// Knowledge gaps: an agent marks a customer question that no article answers; the weekly review
// dismisses or reopens them in bulk, and generating an article from one drafts it from the
// answers agents gave on the similar gaps' issues. Publishing that article closes them
// (updateArticle in knowledge.ts).
import { and, asc, eq, inArray } from "drizzle-orm";
import { issues, knowledgeGaps, messages, users } from "../db/schema";
import { invalid, notFound } from "../domain/errors";
import { type AnsweredIssue, draftArticle, groupSimilar } from "../domain/knowledge/gaps";
import { authorize } from "./authorize";
import type { CommandContext } from "./context";
import { createArticle } from "./knowledge";
import { loadIssueForUpdate } from "./lookup";

export async function markGap(
  ctx: CommandContext,
  input: { question: string; issueNumber?: number; messageId?: string },
) {
  authorize(ctx, "kb.write");
  const issue = input.issueNumber ? await loadIssueForUpdate(ctx, input.issueNumber) : null;
  if (input.messageId) {
    if (!issue) throw invalid("A message is marked together with its issue number.");
    const [m] = await ctx.tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, input.messageId), eq(messages.issueId, issue.id)));
    if (!m) throw notFound("Message");
  }
  const [gap] = await ctx.tx
    .insert(knowledgeGaps)
    .values({
      workspaceId: ctx.workspaceId,
      question: input.question.trim(),
      issueId: issue?.id ?? null,
      messageId: input.messageId ?? null,
      createdBy: ctx.actor.type === "user" ? ctx.actor.userId : null,
      createdAt: ctx.now?.() ?? new Date(),
    })
    .returning();
  if (!gap) throw new Error("gap insert returned nothing");
  return gap;
}

export async function setGapStatus(ctx: CommandContext, ids: string[], status: "open" | "dismissed") {
  authorize(ctx, "kb.write");
  const rows = await ctx.tx
    .update(knowledgeGaps)
    .set({ status, updatedAt: new Date() })
    .where(and(eq(knowledgeGaps.workspaceId, ctx.workspaceId), inArray(knowledgeGaps.id, ids)))
    .returning({ id: knowledgeGaps.id });
  if (rows.length !== new Set(ids).size) throw notFound("Knowledge gap");
  return rows.length;
}

/** The weekly review shares the gaps out: each goes to one agent of the workspace (or to nobody). */
export async function assignGaps(ctx: CommandContext, ids: string[], assigneeId: string | null) {
  authorize(ctx, "kb.write");
  if (assigneeId) {
    const [person] = await ctx.tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.workspaceId, ctx.workspaceId), eq(users.id, assigneeId)));
    if (!person) throw notFound("Person");
  }
  const rows = await ctx.tx
    .update(knowledgeGaps)
    .set({ assigneeId, updatedAt: new Date() })
    .where(and(eq(knowledgeGaps.workspaceId, ctx.workspaceId), inArray(knowledgeGaps.id, ids)))
    .returning({ id: knowledgeGaps.id });
  if (rows.length !== new Set(ids).size) throw notFound("Knowledge gap");
  return rows.length;
}

/**
 * A draft article from issues an agent picked (resolved ones only: their answers are settled),
 * from the agents' public replies, citing each issue; opened in the editor for review.
 */
export async function generateArticleFromIssues(
  ctx: CommandContext,
  input: { issueNumbers: number[]; title?: string },
) {
  authorize(ctx, "kb.write");
  const numbers = [...new Set(input.issueNumbers)];
  const found = await ctx.tx
    .select({ id: issues.id, number: issues.number, title: issues.title, state: issues.state })
    .from(issues)
    .where(and(eq(issues.workspaceId, ctx.workspaceId), inArray(issues.number, numbers)))
    .orderBy(asc(issues.number));
  const missing = numbers.filter((n) => !found.some((i) => i.number === n));
  if (missing.length > 0) throw notFound(`Issue #${missing.join(", #")}`);
  const open = found.filter((i) => i.state !== "closed");
  if (open.length > 0) {
    throw invalid(`Only resolved issues make an article; still open: #${open.map((i) => i.number).join(", #")}.`, {
      field: "issueNumbers",
    });
  }
  const answered = await answeredIssues(
    ctx,
    found.map((i) => i.id),
  );
  if (!answered.some((a) => a.answers.length > 0)) {
    throw invalid("None of these issues has an agent's public answer to draft from.", { field: "issueNumbers" });
  }
  const draft = draftArticle(input.title ?? found[0]?.title ?? "Untitled", answered);
  return createArticle(ctx, { ...draft, status: "draft", visibility: "public" });
}

/** A draft article from the gap and the open gaps asking much the same, citing their issues. */
export async function generateArticleFromGap(ctx: CommandContext, gapId: string) {
  authorize(ctx, "kb.write");
  const open = await ctx.tx
    .select()
    .from(knowledgeGaps)
    .where(and(eq(knowledgeGaps.workspaceId, ctx.workspaceId), inArray(knowledgeGaps.status, ["open", "drafted"])));
  const gap = open.find((g) => g.id === gapId);
  if (!gap) throw notFound("Open knowledge gap");
  const group = groupSimilar(open, (g) => g.question).find((members) => members.includes(gap)) ?? [gap];
  const answered = await answeredIssues(ctx, [...new Set(group.flatMap((g) => (g.issueId ? [g.issueId] : [])))]);
  const draft = draftArticle(gap.question, answered);
  const article = await createArticle(ctx, { ...draft, status: "draft", visibility: "public" });
  await ctx.tx
    .update(knowledgeGaps)
    .set({ status: "drafted", articleId: article.id, updatedAt: new Date() })
    .where(
      inArray(
        knowledgeGaps.id,
        group.map((g) => g.id),
      ),
    );
  return article;
}

async function answeredIssues(ctx: CommandContext, issueIds: string[]): Promise<AnsweredIssue[]> {
  if (issueIds.length === 0) return [];
  const rows = await ctx.tx
    .select({ issueId: issues.id, number: issues.number, title: issues.title, text: messages.bodyText })
    .from(issues)
    .leftJoin(
      messages,
      and(eq(messages.issueId, issues.id), eq(messages.authorType, "user"), eq(messages.visibility, "public")),
    )
    .where(and(eq(issues.workspaceId, ctx.workspaceId), inArray(issues.id, issueIds)))
    .orderBy(asc(issues.number), asc(messages.createdAt));
  const byIssue = new Map<string, AnsweredIssue>();
  for (const r of rows) {
    const entry = byIssue.get(r.issueId) ?? { number: r.number, title: r.title, answers: [] };
    if (r.text) entry.answers.push(r.text);
    byIssue.set(r.issueId, entry);
  }
  return [...byIssue.values()];
}
