// The topics job: collects the questions customers asked since the last run, then either places
// the new ones into the existing topics (incremental: assigned questions stay put, new questions
// that agree with no topic but with each other open new ones) or clusters every question afresh
// (full). A full run keeps a stored topic's id for the new cluster holding most of its questions,
// so links to a topic survive re-clustering. Clustering reads outside any transaction; the result
// is stored by one command (`saveClustering`).
import { runCommand } from "../../commands/context";
import {
  type ClusteredTopic,
  collectQuestions,
  type ReclusterMode,
  requestRecluster,
  saveClustering,
} from "../../commands/topics";
import { questionsToCluster, topicsOf, workspacesWithQuestions } from "../../queries/topics";
import type { Services } from "../../services";
import { isStopword, normalise, stem } from "../local/text";
import { assignNewQuestions, type Clustering, clusterQuestions, summarise, vectorise } from "./cluster";

/** New questions are placed every 10 minutes; every question is clustered afresh each Sunday night. */
export const TOPICS_INCREMENTAL_CRON = "*/10 * * * *";
export const TOPICS_FULL_CRON = "30 3 * * 0";

const actor = { type: "system", name: "topics" } as const;

const contentWords = (text: string) =>
  (normalise(text).match(/[a-z][a-z0-9]+/g) ?? []).filter((w) => !isStopword(w)).map(stem);

export async function queueTopicRuns(services: Services, mode: ReclusterMode): Promise<void> {
  for (const workspaceId of await workspacesWithQuestions(services.database.db, mode === "full")) {
    await runCommand(services, { workspaceId, actor }, (ctx) => requestRecluster(ctx, mode));
  }
}

export async function runTopics(services: Services, job: { workspaceId: string; mode: ReclusterMode }): Promise<void> {
  const { workspaceId } = job;
  const db = services.database.db;
  await runCommand(services, { workspaceId, actor }, (ctx) =>
    collectQuestions(ctx, contentWords, { fromStart: job.mode === "full" }),
  );
  const questions = await questionsToCluster(db, workspaceId);
  const stored = await topicsOf(db, workspaceId);
  const full = job.mode === "full" || stored.length === 0;
  if (!full && questions.every((q) => q.topicId !== null)) return;
  const vectorised = vectorise(questions.map((q) => q.text));
  const topicIndex = new Map(stored.map((t, i) => [t.id, i]));
  const fixed = Int32Array.from(questions, (q) => (q.topicId ? (topicIndex.get(q.topicId) ?? -1) : -1));
  const clustering = full
    ? clusterQuestions(vectorised.vectors)
    : assignNewQuestions(vectorised.vectors, fixed, stored.length);
  const ids = full
    ? continuedTopics(fixed, clustering, stored.length).map((old) => (old === null ? null : (stored[old]?.id ?? null)))
    : Array.from({ length: clustering.clusters }, (_, c) => stored[c]?.id ?? null);
  const summaries = summarise(vectorised, clustering);
  const topics: ClusteredTopic[] = summaries.map((s, c) => ({
    id: ids[c] ?? null,
    label: s.label || "(no words)",
    terms: s.terms,
    question: questions[s.central]?.text ?? "",
  }));
  const kept = new Set(ids.filter((id): id is string => id !== null));
  await runCommand(services, { workspaceId, actor }, (ctx) =>
    saveClustering(ctx, {
      topics,
      removed: stored.map((t) => t.id).filter((id) => !kept.has(id)),
      questions: questions.flatMap((q, i) => {
        const topic = clustering.assignment[i] ?? -1;
        const similarity = clustering.similarity[i] ?? 0;
        const before = fixed[i] ?? -1;
        return full || topic !== before ? [{ messageId: q.messageId, topic, similarity }] : [];
      }),
    }),
  );
}

/**
 * Which stored topic each new cluster continues: pairs (cluster, old topic) by how many
 * questions they share, most first, each used once; a cluster left over is a new topic.
 */
export function continuedTopics(before: Int32Array, after: Clustering, storedCount: number): (number | null)[] {
  const shared = new Map<string, number>();
  after.assignment.forEach((c, i) => {
    const old = before[i] ?? -1;
    if (c >= 0 && old >= 0) shared.set(`${c}:${old}`, (shared.get(`${c}:${old}`) ?? 0) + 1);
  });
  const pairs = [...shared].map(([key, n]) => ({ c: Number(key.split(":")[0]), old: Number(key.split(":")[1]), n }));
  pairs.sort((a, b) => b.n - a.n || a.c - b.c || a.old - b.old);
  const out = new Array<number | null>(after.clusters).fill(null);
  const used = new Set<number>();
  for (const p of pairs) {
    if (out[p.c] !== null || used.has(p.old) || p.old >= storedCount) continue;
    out[p.c] = p.old;
    used.add(p.old);
  }
  return out;
}
