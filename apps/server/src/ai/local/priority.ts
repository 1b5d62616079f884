// AI priority: explainable rules over text signals, account tier/value and tone,
// optionally blended with a classifier learned from agents' priority overrides.
import type { LabelledText, TextClassifier } from "./classifier";
import { type Cue, PRIORITY_CUES } from "./priority-cues";

export type Priority = "urgent" | "high" | "medium" | "low";

export interface PrioritySignals {
  text: string;
  accountTier?: string | null;
  accountValue?: number | null;
}

export interface PriorityDecision {
  priority: Priority;
  confidence: number;
  reasons: string[];
}

export const PRIORITIES: Priority[] = ["urgent", "high", "medium", "low"];

/** Urgency points → level. Points come from cues; the boundaries sit between the levels' centres. */
const LEVEL_CENTRE: Record<Priority, number> = { urgent: 4, high: 2, medium: 0, low: -2 };

const TIER_POINTS: Record<string, number> = { enterprise: 0.8, strategic: 1, vip: 1, pro: 0.3, free: -0.7 };

interface RuleResult {
  points: number;
  reasons: string[];
}

function matchCues(text: string, cues: Cue[]): RuleResult {
  const reasons: string[] = [];
  let points = 0;
  const matched = cues.flatMap((cue) => {
    const m = cue.pattern.exec(text);
    return m ? [{ cue, found: m[0].trim() }] : [];
  });
  const problem = matched.some(({ cue }) => cue.points > 0);
  for (const { cue, found } of matched) {
    if (cue.onlyWithoutProblem && problem) continue;
    points += cue.points;
    reasons.push(`${cue.reason}: “${found}”`);
  }
  return { points, reasons };
}

function toneCues(text: string): RuleResult {
  const reasons: string[] = [];
  let points = 0;
  const letters = text.replace(/[^A-Za-z]/g, "");
  const upper = letters.replace(/[^A-Z]/g, "").length;
  if (letters.length >= 20 && upper / letters.length > 0.6) {
    points += 0.7;
    reasons.push("written in capitals");
  }
  if (/!{2,}/.test(text)) {
    points += 0.4;
    reasons.push("repeated exclamation marks");
  }
  return { points, reasons };
}

export function ruleScore(signals: PrioritySignals): RuleResult {
  const cues = matchCues(signals.text, PRIORITY_CUES);
  const tone = toneCues(signals.text);
  const reasons = [...cues.reasons, ...tone.reasons];
  let points = cues.points + tone.points;
  // Account weight amplifies a problem; it does not make a how-to question urgent.
  const problem = points > 0;
  const tier = signals.accountTier?.trim().toLowerCase();
  const tierPoints = tier ? (TIER_POINTS[tier] ?? 0) : 0;
  if (tierPoints !== 0 && (problem || tierPoints < 0)) {
    points += tierPoints;
    reasons.push(`${tier} account`);
  }
  const value = signals.accountValue ?? 0;
  if (problem && value >= 100_000) {
    points += value >= 500_000 ? 0.7 : 0.4;
    reasons.push(`high-value account (${Math.round(value / 1000)}k)`);
  }
  return { points, reasons };
}

function levelOf(points: number): Priority {
  if (points >= 3) return "urgent";
  if (points >= 1) return "high";
  if (points <= -1) return "low";
  return "medium";
}

/** Soft distribution over levels from the points, for blending with a learned model. */
function ruleDistribution(points: number): Record<Priority, number> {
  const raw = PRIORITIES.map((p) => Math.exp(-((points - LEVEL_CENTRE[p]) ** 2) / 2));
  const sum = raw.reduce((a, b) => a + b, 0);
  return Object.fromEntries(PRIORITIES.map((p, i) => [p, (raw[i] ?? 0) / sum])) as Record<Priority, number>;
}

/** The text a priority learner sees: the message plus the account tier as a word. */
export function priorityText(signals: PrioritySignals): string {
  const tier = signals.accountTier?.trim().toLowerCase();
  return tier ? `${signals.text}\ntier ${tier}` : signals.text;
}

/** One training example for the priority learner from a labelled override. */
export function priorityExample(signals: PrioritySignals, priority: Priority, weight?: number): LabelledText {
  return { text: priorityText(signals), label: priority, weight };
}

export function scorePriority(signals: PrioritySignals, learned?: TextClassifier | null): PriorityDecision {
  const rules = ruleScore(signals);
  const dist = ruleDistribution(rules.points);
  const reasons = rules.reasons.length > 0 ? [...rules.reasons] : ["no urgency signals"];
  if (learned) {
    const prediction = learned.predict(priorityText(signals));
    const inScope = prediction.scores.reduce((a, s) => a + s.probability, 0);
    // The learner's say grows with how sure it is (its calibrated top probability, which already
    // shrinks for unfamiliar text); rules keep the majority so a few overrides cannot flip everything.
    const weight = 0.6 * (prediction.scores[0]?.probability ?? 0);
    for (const p of PRIORITIES) dist[p] *= 1 - weight;
    for (const s of prediction.scores) {
      if (s.label in dist) dist[s.label as Priority] += weight * (s.probability / Math.max(inScope, 1e-9));
    }
    const best = prediction.scores[0];
    if (best && weight > 0.25) {
      const terms = prediction.evidence.slice(0, 3).join(", ");
      reasons.push(`similar past issues were ${best.label}${terms ? ` (${terms})` : ""}`);
    }
  }
  let priority: Priority = learned ? "medium" : levelOf(rules.points);
  if (learned) for (const p of PRIORITIES) if (dist[p] > dist[priority]) priority = p;
  return { priority, confidence: Math.round(dist[priority] * 1000) / 1000, reasons };
}
