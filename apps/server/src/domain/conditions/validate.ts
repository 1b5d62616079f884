// Checks a condition tree against the field catalog for the context that will evaluate it, and
// its patterns for safety. The API schemas refuse unfitting trees on input; patterns are
// re-checked before a stored rule runs.
import { type ConditionContext, type ConditionNode, conditionLeaves, leafProblem } from "@switchboard/api";
import { unsafePatternReason } from "./patterns";

export function conditionProblems(node: ConditionNode, context: ConditionContext): string[] {
  const fit = conditionLeaves(node).flatMap((leaf) => leafProblem(leaf, context) ?? []);
  return [...fit, ...patternProblems(node)];
}

/** The `matches` patterns of a tree that could backtrack without bound, each with why. */
export function patternProblems(node: ConditionNode): string[] {
  return conditionLeaves(node).flatMap((leaf) => {
    if (leaf.op !== "matches") return [];
    const why = typeof leaf.value === "string" ? unsafePatternReason(leaf.value) : "A pattern must be text.";
    return why ? [`${leaf.field}: ${why}`] : [];
  });
}
