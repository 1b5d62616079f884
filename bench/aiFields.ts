// AI-supported custom fields on public data: CLINC150 (Larson et al. 2019, CC BY 3.0, see
// bench/data/clinc150/LICENSE) has 150 intents grouped by its authors into 10 domains
// (domains.json). The domain is the select field ("Domain", 10 options) and its published mapping
// the label, so no label here is ours. bench/data/clinc150/fields.jsonl holds a small fixed subset:
// test = the first 3 test utterances of every intent (450, 45 per option) + the first 100
// out-of-scope test utterances, which belong to no option (the right answer is "none"); history =
// the first 2 training utterances of every intent (300), standing in for issues people labelled.
//
// The product's own path is measured: fieldExamples (apps/server/src/ai/fields/examples.ts) turns
// the options, the description and the labelled history into examples, trainClassifier trains the
// same local model the issue pipeline does, with the same 0.5 threshold. Three set-ups:
//   names        option names only (an AI field switched on with no description)
//   descriptions + a natural-language description per option, written from the domain's intent
//                NAMES in domains.json (what an admin knows of the category), never from utterances
//   history      + 30 labelled issues per option (overrides become training labels)
// Abstention is counted honestly: an in-scope question left empty is wrong in "accuracy"; coverage
// and precision on answered ones are shown beside it; for out-of-scope ones only "none" is right.
// Run: npm run bench:aiFields [-- --threshold 0.5]
import fs from "node:fs";
import path from "node:path";
import { fieldExamples } from "../apps/server/src/ai/fields/examples";
import { trainClassifier } from "../apps/server/src/ai/local";

const DATA = path.join(import.meta.dirname, "data/clinc150/fields.jsonl");

interface Row {
  split: "test" | "history";
  text: string;
  intent: string;
  domain: string | null;
}

/** CLINC150 domain → the option an admin would name. */
const OPTIONS: Record<string, string> = {
  banking: "Banking",
  credit_cards: "Credit cards",
  kitchen_and_dining: "Kitchen and dining",
  home: "Home",
  auto_and_commute: "Auto and commute",
  travel: "Travel",
  utility: "Utility",
  work: "Work",
  small_talk: "Small talk",
  meta: "Meta",
};

/**
 * One clause per option, in the seed's style ("Billing (invoices, payments)"): the option's name,
 * then keywords paraphrasing its intents' names from domains.json.
 */
const DESCRIPTION = [
  "Banking (account balance, bank transfer, pay a bill, bill due, routing number, freeze or blocked account, interest rate, minimum payment, spending history, transactions, order checks, report fraud, pin change)",
  "Credit cards (card declined, credit limit, credit score, apr, rewards, lost or damaged card, replacement card, new card, expiration date, application status, international fees)",
  "Kitchen and dining (recipe, cooking time, ingredients, substitutes, nutrition, calories, food expiration, restaurant reservation, reviews, suggestions, meal, dinner)",
  "Home (shopping list, todo list, reminders, calendar, smart home, lights, thermostat, play music, order groceries)",
  "Auto and commute (car, gas, oil change, tire pressure, tire change, mpg, traffic, directions, uber, schedule maintenance, jump start, distance)",
  "Travel (flight status, book a flight, book a hotel, car rental, vacation, travel alerts, visa, passport, plug type, exchange rate, international travel, luggage, carry-on, timezone)",
  "Utility (time, date, weather, alarm, timer, calculator, measurement conversion, spelling, definition, find phone, share location, flip a coin, roll dice, random number, text, make a call)",
  "Work (pto request, pto balance, payday, direct deposit, income, taxes, insurance, meeting schedule, w2, rollover 401k, next holiday)",
  "Small talk (greeting, goodbye, how are you, thank you, tell a joke, fun fact, meaning of life, where are you from, who made you, are you a bot, what is your name, hobby, pet)",
  "Meta (change your name, change accent, change speed, change volume, language, user name, whisper mode, reset settings, repeat, cancel, yes, no, maybe, sync device)",
].join(". ");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const HISTORY_PER_OPTION = 30;

function load(): { test: Row[]; history: Row[] } {
  const rows = fs
    .readFileSync(DATA, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
  return { test: rows.filter((r) => r.split === "test"), history: rows.filter((r) => r.split === "history") };
}

interface Score {
  setup: string;
  accuracy: number;
  coverage: number;
  precision: number;
  oosNone: number;
  overall: number;
  seconds: number;
}

function run(setup: string, description: string, history: Row[], test: Row[], threshold: number): Score {
  const started = performance.now();
  const options = Object.values(OPTIONS);
  const labelled = history.flatMap((r) => (r.domain ? [{ text: r.text, value: OPTIONS[r.domain] ?? "" }] : []));
  const model = trainClassifier(fieldExamples({ options, description }, labelled), { threshold });
  let inScope = 0;
  let right = 0;
  let answered = 0;
  let oos = 0;
  let oosNone = 0;
  for (const row of test) {
    const label = model.predict(row.text).label;
    if (row.domain === null) {
      oos++;
      if (label === null) oosNone++;
      continue;
    }
    inScope++;
    if (label !== null) answered++;
    if (label === OPTIONS[row.domain]) right++;
  }
  return {
    setup,
    accuracy: right / inScope,
    coverage: answered / inScope,
    precision: answered ? right / answered : 0,
    oosNone: oos ? oosNone / oos : 0,
    overall: (right + oosNone) / (inScope + oos),
    seconds: (performance.now() - started) / 1000,
  };
}

function main() {
  const threshold = Number(arg("threshold") ?? 0.5);
  const { test, history } = load();
  const perOption = new Map<string, Row[]>();
  for (const r of history) {
    if (!r.domain) continue;
    const list = perOption.get(r.domain) ?? [];
    if (list.length < HISTORY_PER_OPTION) list.push(r);
    perOption.set(r.domain, list);
  }
  const labelled = [...perOption.values()].flat();
  const inScope = test.filter((r) => r.domain !== null).length;
  console.log(
    `CLINC150 domains as a 10-option select field: ${inScope} in-scope + ${test.length - inScope} out-of-scope questions, threshold ${threshold}`,
  );
  const scores = [
    run("names", "", [], test, threshold),
    run("descriptions", DESCRIPTION, [], test, threshold),
    run(`history (${HISTORY_PER_OPTION}/option)`, DESCRIPTION, labelled, test, threshold),
    run(`history only (${HISTORY_PER_OPTION}/option)`, "", labelled, test, threshold),
  ];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
  console.log("set-up                        accuracy coverage precision  OOS→none  overall   time");
  for (const s of scores) {
    console.log(
      `${s.setup.padEnd(29)} ${pct(s.accuracy)}  ${pct(s.coverage)}  ${pct(s.precision)}   ${pct(s.oosNone)}  ${pct(s.overall)}  ${s.seconds.toFixed(1)}s`,
    );
  }
  console.log(
    "accuracy: in-scope questions given the right option (left empty = wrong); coverage: in-scope answered;\n" +
      "precision: right among answered; OOS→none: out-of-scope questions left empty; overall: both together.",
  );
}

main();
