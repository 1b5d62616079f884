// The workspace's corpus statistics for re-ranking (domain/knowledge/rank.ts), kept in memory per
// workspace and rebuilt when its published articles change (their count or latest update). While
// a rebuild runs, the previous statistics keep serving: a few documents' frequencies off by one
// move rankings by little, and retrieval never waits on a 10,000-article scan twice.
import { and, eq, max, sql } from "drizzle-orm";
import type { Executor } from "../../db/connect";
import { kbArticles } from "../../db/schema";
import { type CorpusStats, corpusStats } from "../../domain/knowledge/rank";

interface Entry {
  version: string;
  stats: CorpusStats;
  rebuilding: Promise<CorpusStats> | null;
}

const cache = new Map<string, Entry>();
const published = (workspaceId: string) =>
  and(eq(kbArticles.workspaceId, workspaceId), eq(kbArticles.status, "published"));

async function versionOf(db: Executor, workspaceId: string): Promise<string> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number), latest: max(kbArticles.updatedAt) })
    .from(kbArticles)
    .where(published(workspaceId));
  return `${row?.n ?? 0}:${row?.latest?.toISOString() ?? ""}`;
}

async function build(db: Executor, workspaceId: string, version: string): Promise<CorpusStats> {
  const rows = await db
    .select({ title: kbArticles.title, body: kbArticles.body })
    .from(kbArticles)
    .where(published(workspaceId));
  const stats = corpusStats(rows);
  cache.set(workspaceId, { version, stats, rebuilding: null });
  return stats;
}

/** Document frequencies over the workspace's published articles (every audience). */
export async function statsFor(db: Executor, workspaceId: string): Promise<CorpusStats> {
  const version = await versionOf(db, workspaceId);
  const entry = cache.get(workspaceId);
  if (!entry) return build(db, workspaceId, version);
  if (entry.version === version) return entry.stats;
  if (!entry.rebuilding) {
    entry.rebuilding = build(db, workspaceId, version).catch(() => {
      // The next call tries again (a closed connection at shutdown lands here).
      entry.rebuilding = null;
      return entry.stats;
    });
  }
  return entry.stats;
}

/** Forgets every workspace's statistics (tests that compare rankings across rebuilds). */
export function clearCorpusStats() {
  cache.clear();
}
