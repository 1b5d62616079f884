// How well the Router does on this workspace's own history: predicted team vs. the team
// people left the issue with (the correction, when there was one). Pure.

export interface RouteOutcome {
  predicted: string;
  actual: string;
}

export interface Accuracy {
  total: number;
  correct: number;
  /** correct / total; null with no decisions yet. */
  accuracy: number | null;
  labels: { id: string; name: string }[];
  /** Non-zero cells of the confusion matrix. */
  matrix: { predicted: string; actual: string; count: number }[];
}

export function confusionMatrix(outcomes: RouteOutcome[], names: ReadonlyMap<string, string>): Accuracy {
  const cells = new Map<string, number>();
  const labels = new Set<string>();
  let correct = 0;
  for (const o of outcomes) {
    labels.add(o.predicted);
    labels.add(o.actual);
    if (o.predicted === o.actual) correct++;
    const key = `${o.predicted}\u0000${o.actual}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return {
    total: outcomes.length,
    correct,
    accuracy: outcomes.length ? correct / outcomes.length : null,
    labels: [...labels].sort().map((id) => ({ id, name: names.get(id) ?? id })),
    matrix: [...cells].map(([key, count]) => {
      const [predicted = "", actual = ""] = key.split("\u0000");
      return { predicted, actual, count };
    }),
  };
}

/** A stored route decision as an outcome: "stay" predicts the agent's own team. */
export function outcomeOf(decision: {
  output: Record<string, unknown>;
  correction: Record<string, unknown> | null;
}): RouteOutcome {
  const predicted = String(decision.output.teamId ?? "none");
  const corrected = decision.correction?.teamId;
  return { predicted, actual: typeof corrected === "string" ? corrected : predicted };
}
