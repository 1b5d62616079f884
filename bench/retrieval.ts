// Retrieval on public data: StackFAQ (bench/data/stackfaq, CC BY-SA StackExchange content, see its
// LICENSE) — 125 FAQ threads (question + top answers) become 125 published articles; each of the
// annotators' paraphrases of a thread's question is a query whose one right answer is that
// thread's article. Reports recall@1, recall@5 and MRR (over the top 10) for the copilot's
// retriever (`retrieve`: PostgreSQL full text, any word, ts_rank) and for plain BM25 over the
// same articles, on embedded PGlite.
// Run: npm run bench:retrieval
import fs from "node:fs";
import path from "node:path";
import { retrieve } from "../apps/server/src/ai/copilot";
import { runCommand } from "../apps/server/src/commands/context";
import { createArticle } from "../apps/server/src/commands/knowledge";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { startServices } from "../apps/server/src/server";
import { bm25 } from "./bm25";

const DATA = path.join(import.meta.dirname, "data/stackfaq/stackExchange-FAQ.xml");
const TOP = 10;

interface Thread {
  question: string;
  answers: string[];
  paraphrases: string[];
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
const all = (xml: string, tag: string) =>
  [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "g"))].map((m) => decode(m[1] ?? ""));

export function loadStackFaq(file = DATA): Thread[] {
  const xml = fs.readFileSync(file, "utf8");
  return [...xml.matchAll(/<qapair>([\s\S]*?)<\/qapair>/g)].map((m) => {
    const pair = m[1] ?? "";
    return {
      question: all(pair, "question")[0] ?? "",
      answers: all(pair, "answer"),
      // "*" marks an empty slot in the annotation sheet.
      paraphrases: all(pair, "rephr").filter((r) => r.length > 1),
    };
  });
}

interface Scores {
  at1: number;
  at5: number;
  mrr: number;
}

function score(ranks: (number | null)[]): Scores {
  const n = ranks.length;
  return {
    at1: ranks.filter((r) => r === 1).length / n,
    at5: ranks.filter((r) => r !== null && r <= 5).length / n,
    mrr: ranks.reduce<number>((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / n,
  };
}
const rankOf = (ids: string[], expected: string) => {
  const i = ids.slice(0, TOP).indexOf(expected);
  return i < 0 ? null : i + 1;
};
const line = (name: string, s: Scores) =>
  `  ${name.padEnd(34)} recall@1 ${(100 * s.at1).toFixed(1)}%  recall@5 ${(100 * s.at5).toFixed(1)}%  MRR ${s.mrr.toFixed(3)}`;

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

  const ours: (number | null)[] = [];
  const theirs: (number | null)[] = [];
  for (const [i, t] of threads.entries()) {
    const expected = ids[i] ?? "";
    for (const q of t.paraphrases) {
      const hits = await retrieve(database.db, workspace.id, q, TOP, "public");
      ours.push(
        rankOf(
          hits.map((h) => h.id),
          expected,
        ),
      );
      theirs.push(
        rankOf(
          baseline(q).map((h) => h.id),
          expected,
        ),
      );
    }
  }
  console.log(
    `StackFAQ retrieval: ${threads.length} articles, ${ours.length} paraphrased questions (MRR over the top ${TOP})`,
  );
  console.log(line("copilot retriever (PostgreSQL FTS)", score(ours)));
  console.log(line("BM25 baseline", score(theirs)));
  await services.close();
  await database.close();
}

await main();
