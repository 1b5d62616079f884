// Benchmarks the knowledge base on embedded PGlite:
//  1. Copilot drafts on the demo story: the seed's conversation planner writes the issues (subject
//     and the customer's first message); each labelled template names the article an agent would
//     cite (LABELS below, written by hand). Reports the share of drafts whose first citation is
//     that article, the share citing it at all, against plain BM25 over the same articles, and
//     the latency per draft (retrieval in PostgreSQL + extractive composition).
//  2. The help center at 10,000 public articles: server time of the home page, an article page
//     and a search, through the real HTTP stack (inject).
// Run: npm run bench:knowledge

import { retrieve } from "../apps/server/src/ai/copilot";
import { composeDraft } from "../apps/server/src/ai/copilot/compose";
import { runCommand } from "../apps/server/src/commands/context";
import { createWorkspace } from "../apps/server/src/commands/workspaces";
import { loadConfig } from "../apps/server/src/config";
import { openDatabase } from "../apps/server/src/db/connect";
import { executeRaw } from "../apps/server/src/db/raw";
import { listArticles } from "../apps/server/src/queries/knowledge";
import { planConversations } from "../apps/server/src/seed/content/conversations";
import { seedKnowledge } from "../apps/server/src/seed/content/knowledge";
import { buildHttpServer, startServices } from "../apps/server/src/server";
import { bm25 } from "./bm25";

/** Template key → the title of the article an agent would cite (templates without one are left out). */
const LABELS: Record<string, string> = {
  "sync-failing-auth": "Fix a sync failing with an authentication error",
  "missing-rows": "Row counts don't match between source and destination",
  "schedule-howto": "Schedule syncs with a custom cron expression",
  "private-networking": "Connect a database in a private network",
  "transform-error": "Transformations break after the source adds a column",
  "sso-setup": "Set up SAML single sign-on",
  "permissions-howto": "Give a colleague read-only access",
  "api-rate-limit": "API rate limits and webhook signatures",
  "invoice-copy": "Download invoices and add a PO number",
  "failed-payment": "What happens when a card payment fails",
  "plan-change": "Upgrades, proration and usage above your commitment",
};

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

async function main() {
  const database = await openDatabase({});
  const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATA_DIR: "/tmp/switchboard-bench" });
  const services = await startServices(config, { worker: false, database });
  const { workspace, admin } = await database.db.transaction((tx) =>
    createWorkspace(tx, {
      name: "Bench",
      domain: "bench.test",
      admin: { email: "a@bench.test", name: "A", password: "password123" },
    }),
  );
  const actor = { type: "user", userId: admin.id, role: "admin", name: "A" } as const;
  await runCommand(services, { workspaceId: workspace.id, actor }, seedKnowledge);
  const articles = await listArticles(database.db, workspace.id, { limit: 100 }, "public");
  const idOf = new Map(articles.map((a) => [a.title, a.id]));

  // ---- 1. drafts on the demo story ----
  const scripts = planConversations(new Date("2026-12-01T00:00:00Z"), 600).filter((s) => LABELS[s.template.key]);
  const best = bm25(articles.map((a) => ({ id: a.id, text: `${a.title}\n${a.title}\n${a.body}` })));
  let first = 0;
  let anywhere = 0;
  let baseline = 0;
  let empty = 0;
  const latency: number[] = [];
  for (const s of scripts) {
    const opening = s.steps.find((x) => x.kind === "customer");
    const question = `${s.subject}\n${opening && "text" in opening ? opening.text : ""}`;
    const expected = idOf.get(LABELS[s.template.key] ?? "");
    const started = performance.now();
    const hits = await retrieve(database.db, workspace.id, question, 5, "public");
    const draft = composeDraft({
      question,
      customerName: s.contact.name,
      articles: hits.map((h) => ({ id: h.id, title: h.title, body: h.body, url: null, rank: h.rank })),
    });
    latency.push(performance.now() - started);
    if (draft.citations.length === 0) empty++;
    if (draft.citations[0]?.id === expected) first++;
    if (draft.citations.some((c) => c.id === expected)) anywhere++;
    if (best(question)[0]?.id === expected) baseline++;
  }
  const n = scripts.length;
  console.log(`drafts on the demo story: ${n} labelled issues, ${articles.length} public articles`);
  console.log(
    `  first citation is the labelled article: ${pct(first / n)}  (BM25 top-1 baseline ${pct(baseline / n)})`,
  );
  console.log(
    `  labelled article cited at all:          ${pct(anywhere / n)}; no draft (nothing retrieved): ${pct(empty / n)}`,
  );
  console.log(
    `  latency per draft: p50 ${percentile(latency, 50).toFixed(1)} ms, p95 ${percentile(latency, 95).toFixed(1)} ms`,
  );

  // ---- 2. help center at 10,000 articles ----
  await executeRaw(
    database.db,
    `INSERT INTO kb_article (workspace_id, title, slug, body, status, visibility, published_at)
     SELECT $1, 'Generated article ' || g || ' about ' || (ARRAY['syncs','billing','sso','webhooks','exports'])[1 + g % 5],
            'generated-' || g, repeat('Steps to configure the connector and verify the run. ', 20) || g, 'published', 'public', now()
       FROM generate_series(1, 10000) g`,
    [workspace.id],
  );
  await executeRaw(
    database.db,
    `INSERT INTO kb_slug (workspace_id, slug, article_id) SELECT workspace_id, slug, id FROM kb_article WHERE slug LIKE 'generated-%'`,
    [],
  );
  const http = await buildHttpServer(services);
  await http.ready();
  for (const [name, url] of [
    ["home", "/help/bench.test"],
    ["article", "/help/bench.test/articles/generated-4242"],
    ["search", "/help/bench.test/search?q=sso%20connector"],
    ["sitemap (10,000 URLs)", "/help/bench.test/sitemap.xml"],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const t = performance.now();
      const res = await http.inject({ method: "GET", url });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
      times.push(performance.now() - t);
    }
    console.log(
      `help center ${name} at 10,000 articles: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms`,
    );
  }
  await http.close();
  await services.close();
  await database.close();
}

await main();
