// Common topics on public data: BANKING77 (bench/data/banking77/test.csv, PolyAI, CC BY 4.0, see
// its LICENSE) — 3,080 online-banking customer questions in 77 intents. The intents are hidden
// from the clustering and used only to score it: purity, NMI and ARI (a question left in no topic
// counts as a cluster of its own). Then the time to cluster 100,000 questions: the set is smaller,
// so it is replicated with perturbations (a word dropped, two words swapped, a filler phrase added)
// until it holds 100k texts — said so in the output.
// Run: npm run bench:topics [-- --threshold 0.3]
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  type ClusterOptions,
  clusterQuestions,
  DEFAULT_CLUSTER_OPTIONS,
  vectorise,
} from "../apps/server/src/ai/topics/cluster";
import { ari, nmi, purity } from "../apps/server/src/ai/topics/quality";

const DATA = path.join(import.meta.dirname, "data/banking77/test.csv");

/** RFC 4180 rows (quoted fields with "" escapes). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") endField();
    else if (ch === "\n") endRow();
    else if (ch !== "\r") field += ch;
  }
  if (field || row.length) endRow();
  return rows;
}

function load(): { texts: string[]; labels: string[] } {
  const rows = parseCsv(fs.readFileSync(DATA, "utf8"))
    .slice(1)
    .filter((r) => r.length === 2);
  return { texts: rows.map((r) => r[0] ?? ""), labels: rows.map((r) => r[1] ?? "") };
}

/** Deterministic pseudo-random numbers (mulberry32), so every run perturbs alike. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FILLERS = ["please help", "thanks", "asap", "hi there", "any idea", "quick question", "urgent"];

function perturb(text: string, next: () => number): string {
  const words = text.split(" ");
  const r = next();
  if (r < 0.33 && words.length > 3) words.splice(Math.floor(next() * words.length), 1);
  else if (r < 0.66 && words.length > 2) {
    const i = Math.floor(next() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1] ?? "", words[i] ?? ""];
  } else words.push(FILLERS[Math.floor(next() * FILLERS.length)] ?? "");
  return words.join(" ");
}

function score(texts: string[], labels: string[], options: ClusterOptions) {
  const started = performance.now();
  const v = vectorise(texts);
  const result = clusterQuestions(v.vectors, options);
  const ms = performance.now() - started;
  const unassigned = result.assignment.filter((c) => c < 0).length;
  return {
    threshold: options.threshold,
    topics: result.clusters,
    "in no topic": `${((100 * unassigned) / texts.length).toFixed(1)}%`,
    purity: purity(result.assignment, labels).toFixed(3),
    NMI: nmi(result.assignment, labels).toFixed(3),
    ARI: ari(result.assignment, labels).toFixed(3),
    ms: Math.round(ms),
  };
}

function main() {
  const arg = process.argv.indexOf("--threshold");
  const chosen = arg > 0 ? Number(process.argv[arg + 1]) : DEFAULT_CLUSTER_OPTIONS.threshold;
  const { texts, labels } = load();
  console.log(`BANKING77 test split: ${texts.length} questions, ${new Set(labels).size} intents (labels hidden)`);
  const rows = [0.2, 0.25, 0.3, 0.35, 0.4].map((threshold) =>
    score(texts, labels, { ...DEFAULT_CLUSTER_OPTIONS, threshold }),
  );
  console.table(rows);

  const N = 100_000;
  const next = random(77);
  const big: string[] = [];
  const bigLabels: string[] = [];
  for (let i = 0; i < N; i++) {
    const k = i % texts.length;
    big.push(i < texts.length ? (texts[k] ?? "") : perturb(texts[k] ?? "", next));
    bigLabels.push(labels[k] ?? "");
  }
  console.log(
    `\n100k: the ${texts.length} questions replicated with perturbations to ${N} (not 100k distinct questions)`,
  );
  const started = performance.now();
  const v = vectorise(big);
  const vectorised = performance.now();
  const result = clusterQuestions(v.vectors, { ...DEFAULT_CLUSTER_OPTIONS, threshold: chosen });
  const done = performance.now();
  console.table([
    {
      threshold: chosen,
      questions: N,
      topics: result.clusters,
      "vectorise s": ((vectorised - started) / 1000).toFixed(1),
      "cluster s": ((done - vectorised) / 1000).toFixed(1),
      "total s": ((done - started) / 1000).toFixed(1),
      purity: purity(result.assignment, bigLabels).toFixed(3),
      NMI: nmi(result.assignment, bigLabels).toFixed(3),
      ARI: ari(result.assignment, bigLabels).toFixed(3),
    },
  ]);
}

main();
