// Retrieval on public data: StackFAQ (bench/stackfaq.ts; CC BY-SA StackExchange content, see
// bench/data/stackfaq/LICENSE) — 125 FAQ threads (question + top answers) become 125 published
// articles; each annotator paraphrase of a thread's question is a query whose one right answer is
// that thread's article. Threads are split dev/test (even/odd position); the re-ranker's weights
// were tuned on dev only, so test is the figure to quote. Reports recall@1, recall@5, MRR and
// nDCG@10 (over the top 10) for the copilot's retriever (`retrieve`: full text → BM25F + character
// n-gram re-rank), for the full-text stage alone (`searchAnyWord`, ts_rank), and for plain BM25
// over the same articles, on embedded PGlite, plus the retriever's latency per query.
// Anchor (BENCHMARKS.md): Elasticsearch BM25 nDCG@10 0.783, BERT re-ranker 0.858, on BERT-FAQ's
// StackFAQ (answers as documents, several relevant per query: comparable in spirit, not equal).
// Run: npm run bench:retrieval
import { performance } from "node:perf_hooks";
import { retrieve } from "../apps/server/src/ai/copilot";
import { runCommand } from "../apps/server/src/commands/context";
import { createArticle } from "../apps/server/src/commands/knowledge";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { searchAnyWord } from "../apps/server/src/queries/knowledge";
import { startServices } from "../apps/server/src/server";
import { bm25 } from "./bm25";
import { loadStackFaq } from "./stackfaq";

const TOP = 10;

interface Scores {
  at1: number;
  at5: number;
  mrr: number;
  ndcg: number;
}

function score(ranks: (number | null)[]): Scores {
  const n = ranks.length;
  const sum = (f: (r: number) => number) => ranks.reduce<number>((s, r) => s + (r === null ? 0 : f(r)), 0) / n;
  return {
    at1: ranks.filter((r) => r === 1).length / n,
    at5: ranks.filter((r) => r !== null && r <= 5).length / n,
    mrr: sum((r) => 1 / r),
    // One relevant article per query: the ideal DCG is 1.
    ndcg: sum((r) => 1 / Math.log2(r + 1)),
  };
}
const rankOf = (ids: string[], expected: string) => {
  const i = ids.slice(0, TOP).indexOf(expected);
  return i < 0 ? null : i + 1;
};
const line = (name: string, s: Scores) =>
  `    ${name.padEnd(40)} recall@1 ${(100 * s.at1).toFixed(1)}%  recall@5 ${(100 * s.at5).toFixed(1)}%  MRR ${s.mrr.toFixed(3)}  nDCG@10 ${s.ndcg.toFixed(3)}`;
const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;

async function main() {
  const threads = loadStackFaq();
  const database = await openDatabase({});
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: false, database });
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name: "Retrieval",
      domain: "retrieval.test",
      admin: { email: "a@retrieval.test", name: "A", password: "password123" },
    }),
  );
  const actor = { type: "user", userId: admin.id, role: "admin", name: "A" } as const;
  const ids = await runCommand(services, { workspaceId: workspace.id, actor }, async (ctx) => {
    const out: string[] = [];
    for (const t of threads) {
      const a = await createArticle(ctx, {
        title: t.question,
        body: t.answers.join("\n\n"),
        status: "published",
        visibility: "public",
      });
      out.push(a.id);
    }
    return out;
  });
  const baseline = bm25(threads.map((t, i) => ({ id: ids[i] ?? "", text: `${t.question}\n${t.answers.join("\n")}` })));

  const runs = { dev: { ours: [], fts: [], bm25: [] }, test: { ours: [], fts: [], bm25: [] } } as Record<
    "dev" | "test",
    Record<"ours" | "fts" | "bm25", (number | null)[]>
  >;
  const latency: number[] = [];
  for (const [i, t] of threads.entries()) {
    const expected = ids[i] ?? "";
    const run = runs[t.split];
    for (const q of t.paraphrases) {
      const started = performance.now();
      const hits = await retrieve(database.db, workspace.id, q, TOP, "public");
      latency.push(performance.now() - started);
      run.ours.push(
        rankOf(
          hits.map((h) => h.id),
          expected,
        ),
      );
      const fts = await searchAnyWord(database.db, workspace.id, q, {
        limit: TOP,
        audience: "public",
        publishedOnly: true,
      });
      run.fts.push(
        rankOf(
          fts.map((h) => h.id),
          expected,
        ),
      );
      run.bm25.push(
        rankOf(
          baseline(q).map((h) => h.id),
          expected,
        ),
      );
    }
  }
  console.log(`StackFAQ retrieval: ${threads.length} articles (scores over the top ${TOP})`);
  for (const split of ["dev", "test"] as const) {
    const run = runs[split];
    console.log(
      `  ${split} (${run.ours.length} paraphrased questions${split === "dev" ? ", tuned on" : ", held out"}):`,
    );
    console.log(line("copilot retriever (FTS → BM25F + char)", score(run.ours)));
    console.log(line("full-text stage alone (ts_rank)", score(run.fts)));
    console.log(line("BM25 baseline", score(run.bm25)));
  }
  console.log(
    `  retriever latency per query: p50 ${pct(latency, 0.5).toFixed(1)} ms, p95 ${pct(latency, 0.95).toFixed(1)} ms`,
  );
  console.log("  anchor (BERT-FAQ StackFAQ): Elasticsearch BM25 nDCG@10 0.783; BERT re-ranker 0.858");
  await services.close();
  await database.close();
}

await main();
