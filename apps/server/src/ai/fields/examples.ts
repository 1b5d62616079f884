// AI custom fields, offline: a choice field's natural-language description is its training set.
// Each clause of the description goes to the option it names ("Billing (invoices, payments)" →
// Billing; "the sync engine (schedules, runs)" → Sync engine), each option's name is an example
// of itself, and issues people labelled with the field add their text. Pure.
import type { LabelledText } from "../local";

/** Field types the offline classifier can fill: a choice among named options. */
export const CLASSIFIABLE_TYPES = ["select", "multiselect"] as const;

export interface ChoiceField {
  options: readonly string[];
  description: string;
}

/** Labelled history weighs more than a line of description, as corrections do for the Router. */
const HISTORY_WEIGHT = 2;

export function fieldExamples(field: ChoiceField, history: readonly { text: string; value: string }[]): LabelledText[] {
  const examples: LabelledText[] = field.options.map((o) => ({ text: o, label: o }));
  for (const clause of clauses(field.description)) {
    const option = bestOption(clause, field.options);
    if (!option) continue;
    examples.push({ text: clause, label: option });
    // "Billing (invoices, payments)": each keyword in the parentheses is an example of its own, so
    // a short question that uses one of them is as close to it as to the whole clause.
    for (const item of listItems(clause)) examples.push({ text: item, label: option });
  }
  for (const h of history) {
    if (field.options.includes(h.value) && h.text.trim()) {
      examples.push({ text: h.text, label: h.value, weight: HISTORY_WEIGHT });
    }
  }
  return examples;
}

/** Sentences and list items; commas inside parentheses stay with their item. */
export function clauses(description: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (const ch of description) {
    if (ch === "(") depth++;
    if (ch === ")") depth = Math.max(0, depth - 1);
    if (depth === 0 && /[,.;:\n]/.test(ch)) {
      out.push(current);
      current = "";
    } else current += ch;
  }
  out.push(current);
  return out.map((c) => c.trim()).filter((c) => c.length >= 3);
}

/** The comma-separated items inside a clause's parentheses ("A (x, y or z)" → x, y or z). */
export function listItems(clause: string): string[] {
  const inner = /\(([^)]*)\)/.exec(clause)?.[1] ?? "";
  return inner
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length >= 3);
}

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && w !== "and" && w !== "the")
    .map((w) => w.replace(/s$/, ""));

/** The option most of whose words the clause uses; none when it shares no word with any. */
export function bestOption(clause: string, options: readonly string[]): string | undefined {
  const have = new Set(words(clause));
  let best: { option: string; score: number } | undefined;
  for (const option of options) {
    const want = words(option);
    if (want.length === 0) continue;
    const score = want.filter((w) => have.has(w)).length / want.length;
    if (score > 0 && (!best || score > best.score)) best = { option, score };
  }
  return best?.option;
}
