// Benchmarks AI priority on bench/data/priority.jsonl (hand-written B2B support messages).
// A fixed, stratified third of the set is held out; "rules + learned" trains on the rest as if
// those labels were agents' overrides. Run: npm run bench:priority
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Priority, scorePriority, trainClassifier } from "../apps/server/src/ai/local";
import { PRIORITIES, type PrioritySignals, priorityExample } from "../apps/server/src/ai/local/priority";

interface Row {
  text: string;
  tier: string | null;
  value?: number;
  label: Priority;
}

const rows: Row[] = readFileSync(join(import.meta.dirname, "data", "priority.jsonl"), "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as Row);

const signals = (r: Row): PrioritySignals => ({ text: r.text, accountTier: r.tier, accountValue: r.value ?? null });

// Every third example of each label is test data; the split never changes between runs.
const seen = new Map<Priority, number>();
const test: Row[] = [];
const train: Row[] = [];
for (const r of rows) {
  const n = seen.get(r.label) ?? 0;
  seen.set(r.label, n + 1);
  (n % 3 === 2 ? test : train).push(r);
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : "n/a");

function report(name: string, predict: (r: Row) => Priority): void {
  const predicted = test.map(predict);
  const right = predicted.filter((p, i) => p === test[i]?.label).length;
  const parts = PRIORITIES.map((label) => {
    const tp = predicted.filter((p, i) => p === label && test[i]?.label === label).length;
    const predictedCount = predicted.filter((p) => p === label).length;
    const actual = test.filter((r) => r.label === label).length;
    return `${label} P ${pct(tp / predictedCount)} R ${pct(tp / actual)}`;
  });
  // Urgent or high together: the decision that pages someone.
  const hot = (p: Priority) => p === "urgent" || p === "high";
  const tp = predicted.filter((p, i) => hot(p) && hot(test[i]?.label ?? "low")).length;
  const hotP = tp / predicted.filter(hot).length;
  const hotR = tp / test.filter((r) => hot(r.label)).length;
  console.log(
    `${name}: accuracy ${pct(right / test.length)} | ${parts.join(" | ")} | urgent+high P ${pct(hotP)} R ${pct(hotR)}`,
  );
}

console.log(`priority set: ${rows.length} messages, train ${train.length}, held-out test ${test.length}`);
report("rules only", (r) => scorePriority(signals(r)).priority);
const learned = trainClassifier(train.map((r) => priorityExample(signals(r), r.label)));
report("learned only", (r) => {
  const best = learned.predict(priorityExample(signals(r), r.label).text).scores[0]?.label;
  return (best as Priority | undefined) ?? "medium";
});
report("rules + learned", (r) => scorePriority(signals(r), learned).priority);
