// Benchmarks the local router engine on public intent data sets (read from ../shared/data).
//   npm run bench:router                              BANKING77 full + 10-shot, CLINC150 OOS, speed
//   npm run bench:router -- --train DIR --test DIR    any seq.in/label folders
//   npm run bench:router -- --only banking10          one part (banking, banking10, clinc)
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type LabelledText, type TextClassifier, trainClassifier } from "../apps/server/src/ai/local";

const DATA = resolve(process.env.SB_DATA_DIR ?? join(import.meta.dirname, "../../shared/data"));
const FEW_SHOT = join(DATA, "few-shot-intent-detection");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** seq.in + label, one example per line. */
export function readSeqFolder(dir: string): LabelledText[] {
  const texts = readFileSync(join(dir, "seq.in"), "utf8").split("\n");
  const labels = readFileSync(join(dir, "label"), "utf8").split("\n");
  const out: LabelledText[] = [];
  texts.forEach((text, i) => {
    const label = labels[i]?.trim();
    if (text.trim() && label) out.push({ text: text.trim(), label });
  });
  return out;
}

/** Minimal RFC 4180 reader (BANKING77 has quoted fields with commas and newlines). */
function readCsv(path: string): string[][] {
  const src = readFileSync(path, "utf8");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows.filter((r) => r.length === 2 && r[0] !== "");
}

function readBankingCsv(file: string): LabelledText[] {
  return readCsv(join(DATA, "banking77", file))
    .slice(1)
    .map(([text, label]) => ({ text: text ?? "", label: label ?? "" }));
}

/** CPU milliseconds (user + system) of this process: the machine is shared, wall time is not ours. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = cpuMs();
  const out = f();
  return [out, cpuMs() - t0];
}

function accuracy(model: TextClassifier, test: LabelledText[]): number {
  let right = 0;
  for (const e of test) if (model.predict(e.text).scores[0]?.label === e.label) right++;
  return right / test.length;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const log = (s: string) => process.stderr.write(`${s}\n`);

function clinc(): { inScope: number; oosRecall: number } {
  const data = JSON.parse(readFileSync(join(DATA, "clinc150", "data_full.json"), "utf8")) as Record<
    string,
    [string, string][]
  >;
  const rows = (k: string) => (data[k] ?? []).map(([text, label]) => ({ text, label }));
  const [model, ms] = timed(() => trainClassifier(rows("train")));
  log(`clinc150: trained on ${rows("train").length} in ${(ms / 1000).toFixed(1)} s CPU`);
  const score = (e: LabelledText) => {
    const p = model.predict(e.text);
    return { best: p.scores[0]?.label, confidence: p.confidence };
  };
  const val = rows("val").map(score);
  const valGold = rows("val");
  const valOos = rows("oos_val").map(score);
  // Threshold chosen on the validation split only: the one that maximises accuracy over all 151
  // classes ("oos" being one) with validation OOS weighted to the test mix (1,000 OOS : 4,500 in-scope).
  const oosShare = rows("oos_test").length / (rows("oos_test").length + rows("test").length);
  const candidates = [...val.map((v) => v.confidence), ...valOos.map((v) => v.confidence)].sort((a, b) => a - b);
  let threshold = 0;
  let bestScore = -1;
  for (let i = 0; i < candidates.length; i += 3) {
    const t = candidates[i] ?? 0;
    const inAcc = val.filter((v, j) => v.confidence >= t && v.best === valGold[j]?.label).length / val.length;
    const oosRec = valOos.filter((v) => v.confidence < t).length / valOos.length;
    const score = (1 - oosShare) * inAcc + oosShare * oosRec;
    if (score > bestScore) {
      bestScore = score;
      threshold = t;
    }
  }
  const plain = rows("test").filter((e) => score(e).best === e.label).length / rows("test").length;
  log(`clinc150: in-scope accuracy without any threshold ${pct(plain)}`);
  const test = rows("test");
  const inScope = test.filter((e) => {
    const s = score(e);
    return s.confidence >= threshold && s.best === e.label;
  }).length;
  const oos = rows("oos_test").filter((e) => score(e).confidence < threshold).length;
  log(`clinc150: threshold ${threshold.toFixed(4)} (chosen on val)`);
  return { inScope: inScope / test.length, oosRecall: oos / rows("oos_test").length };
}

function msPerDecision(model: TextClassifier, texts: string[]): number {
  for (const t of texts.slice(0, 200)) model.predict(t);
  const [, ms] = timed(() => {
    for (const t of texts) model.predict(t);
  });
  return ms / texts.length;
}

function main(): void {
  const trainDir = arg("train");
  const testDir = arg("test");
  if (trainDir || testDir) {
    if (!trainDir || !testDir || !existsSync(join(trainDir, "seq.in")) || !existsSync(join(testDir, "seq.in"))) {
      throw new Error("--train and --test must both be folders with seq.in and label files");
    }
    // seq.in/label folders: accuracy of the best label (no threshold), like the published figures
    const [model, ms] = timed(() => trainClassifier(readSeqFolder(trainDir)));
    const test = readSeqFolder(testDir);
    log(`trained in ${(ms / 1000).toFixed(1)} s CPU`);
    console.log(`accuracy: ${pct(accuracy(model, test))}`);
    console.log(
      `ms per decision: ${msPerDecision(
        model,
        test.map((e) => e.text),
      ).toFixed(3)}`,
    );
    return;
  }
  const only = arg("only");
  let speed = 0;
  if (!only || only === "banking") {
    const [model, ms] = timed(() => trainClassifier(readBankingCsv("train.csv")));
    log(`banking77 full: trained in ${(ms / 1000).toFixed(1)} s CPU`);
    const test = readBankingCsv("test.csv");
    console.log(`banking77 full: ${pct(accuracy(model, test))}`);
    speed = msPerDecision(
      model,
      test.map((e) => e.text),
    );
  }
  if (!only || only === "banking10") {
    const model = trainClassifier(readSeqFolder(join(FEW_SHOT, "BANKING77", "train_10")));
    console.log(`banking77 10-shot: ${pct(accuracy(model, readSeqFolder(join(FEW_SHOT, "BANKING77", "test"))))}`);
  }
  if (!only || only === "clinc") {
    const { inScope, oosRecall } = clinc();
    console.log(`clinc150 in-scope: ${pct(inScope)} oos-recall: ${pct(oosRecall)}`);
  }
  if (speed > 0) console.log(`ms per decision: ${speed.toFixed(3)}`);
}

main();
