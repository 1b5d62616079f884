// The copilot's reads: the issue's thread and the knowledge base articles retrieved for it, then
// the offline composer (compose.ts). Recording the answer as an ai_decision is a command
// (commands/copilot.ts); the routes run one after the other.
import { accountTypes } from "@switchboard/api/vocabulary";
import type { Executor } from "../../db/connect";
import { corpusStats, rerank } from "../../domain/knowledge/rank";
import { getIssue, listMessages } from "../../queries/issues";
import { type Audience, anyWordHighlights, type SearchHit, searchAnyWord } from "../../queries/knowledge";
import { resolvedAnswerCandidates } from "../../queries/resolvedAnswers";
import type { ReadScope } from "../../queries/scope";
import {
  answerFromThread,
  type Composed,
  composeDraft,
  customerQuestion,
  type SourceArticle,
  summarise,
  type ThreadMessage,
} from "./compose";
import { statsFor } from "./corpus";
import { articleFeaturizer } from "./features";
import { type DraftWriter, extractiveWriter } from "./generative";

export type { Citation, Composed } from "./compose";
export { draftWriterFor } from "./generative";

/** Where an article lives on the public help center, or null when it is not there. */
export type HelpUrl = (article: { slug: string; status: string; visibility: string }) => string | null;

export async function threadOf(db: Executor, scope: ReadScope, number: number) {
  const issue = await getIssue(db, scope, number);
  const rows = await listMessages(db, scope, issue.issue.id);
  const thread: ThreadMessage[] = rows.map(({ message: m, user, contact }) => ({
    id: m.id,
    author: user?.name ?? contact?.name ?? (m.authorType === "agent" ? "AI agent" : "Switchboard"),
    fromCustomer: m.authorType === "contact",
    visibility: m.visibility,
    text: m.bodyText,
    at: m.createdAt,
  }));
  return { issue, thread };
}

/** Candidates the full-text stage hands to the re-ranker. */
const CANDIDATES = 50;

/**
 * Published articles closest to `text` (for agents unless told): PostgreSQL full text finds the
 * articles sharing any of its words, then BM25F fused with character n-gram similarity re-ranks
 * them (domain/knowledge/rank.ts). `rank` is the fused score; `highlight` is left empty (drafts
 * read whole bodies; suggestions add passages for the few they show).
 */
export async function retrieve(
  db: Executor,
  workspaceId: string,
  text: string,
  limit = 5,
  audience: Audience = "agent",
): Promise<SearchHit[]> {
  const candidates = await searchAnyWord(db, workspaceId, text, {
    limit: Math.max(CANDIDATES, limit),
    audience,
    publishedOnly: true,
    highlight: false,
  });
  if (candidates.length === 0) return [];
  const stats = await statsFor(db, workspaceId);
  return rerank(text, candidates, stats, articleFeaturizer())
    .slice(0, limit)
    .map(({ doc, score }) => ({ ...doc, rank: score }));
}

/** Articles suggested for an issue: retrieved from the customer's side of its thread (or the title). */
export async function suggestFor(db: Executor, scope: ReadScope, number: number, limit = 5) {
  const { issue, thread } = await threadOf(db, scope, number);
  const question = customerQuestion(thread) || issue.issue.title;
  const text = `${issue.issue.title}\n${question}`;
  const hits = await retrieve(db, scope.workspaceId, text, limit);
  const passages = await anyWordHighlights(
    db,
    scope.workspaceId,
    text,
    hits.map((h) => h.id),
  );
  return hits.map((h) => ({ ...h, highlight: passages.get(h.id) ?? "" }));
}

/** The closest resolved issues' answers (three), re-ranked like articles: title, then the answer. */
async function similarResolvedAnswers(db: Executor, workspaceId: string, exceptIssueId: string, text: string) {
  const candidates = await resolvedAnswerCandidates(db, workspaceId, exceptIssueId, text);
  if (candidates.length === 0) return [];
  const docs = candidates.map((c) => ({ ...c, id: c.messageId, body: c.text }));
  return rerank(text, docs, corpusStats(docs))
    .slice(0, 3)
    .map(({ doc }) => ({ messageId: doc.messageId, number: doc.number, title: doc.title, text: doc.text }));
}

const asSource =
  (helpUrl: HelpUrl) =>
  (hit: SearchHit): SourceArticle => ({
    id: hit.id,
    title: hit.title,
    body: hit.body,
    url: helpUrl(hit),
    rank: hit.rank,
  });

export interface CopilotAnswer extends Composed {
  kind: "draft" | "summary" | "answer";
  /** What the decision looked at, stored with it. */
  input: Record<string, unknown>;
  issueId: string;
  /** Who wrote it, when not the offline composer. */
  provider?: string;
  /** Citations a generative model made to sources it was not given (removed). */
  refused?: string[];
}

/** A draft goes to this issue's customer: public articles, and those for their account's type. */
function draftAudience(account: { type: string } | null): Audience {
  const type = accountTypes.find((t) => t === account?.type);
  return type ? { customer: type } : "public";
}

export async function draftReply(
  db: Executor,
  scope: ReadScope,
  number: number,
  helpUrl: HelpUrl,
  writer: DraftWriter = extractiveWriter,
) {
  const { issue, thread } = await threadOf(db, scope, number);
  const question = customerQuestion(thread) || issue.issue.title;
  // A reply goes to the customer: it never draws on internal articles.
  const audience = draftAudience(issue.account);
  const hits = await retrieve(db, scope.workspaceId, `${issue.issue.title}\n${question}`, 5, audience);
  const answers = await similarResolvedAnswers(
    db,
    scope.workspaceId,
    issue.issue.id,
    `${issue.issue.title}\n${question}`,
  );
  const request = {
    question: `${issue.issue.title}\n${question}`,
    customerName: issue.requester?.name ?? thread.find((m) => m.fromCustomer)?.author ?? null,
    articles: hits.map(asSource(helpUrl)),
    answers,
  };
  const { provider, refused, ...written } = await writer(request, () => composeDraft(request));
  return {
    ...written,
    kind: "draft",
    issueId: issue.issue.id,
    provider,
    refused,
    input: {
      question: question.slice(0, 500),
      retrieved: hits.map((h) => ({ id: h.id, rank: h.rank })),
      resolvedIssues: answers.map((a) => ({ number: a.number, messageId: a.messageId })),
      ...(refused.length > 0 && { refusedCitations: refused }),
    },
  } satisfies CopilotAnswer;
}

export async function summariseIssue(db: Executor, scope: ReadScope, number: number) {
  const { issue, thread } = await threadOf(db, scope, number);
  return {
    ...summarise(thread),
    kind: "summary",
    issueId: issue.issue.id,
    input: { messages: thread.length },
  } satisfies CopilotAnswer;
}

export async function askIssue(db: Executor, scope: ReadScope, number: number, question: string) {
  const { issue, thread } = await threadOf(db, scope, number);
  return {
    ...answerFromThread(question, thread),
    kind: "answer",
    issueId: issue.issue.id,
    input: { question, messages: thread.length },
  } satisfies CopilotAnswer;
}
