// Under a field marked AI: what the AI put there and how sure it was, or why it left it empty.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { fillAiFields } from "../../api/client";
import type { CustomField, Issue } from "../../api/types";
import { showError, showToast } from "../../ui/toasts";
import { useDecisions } from "./useIssue";

/** Types the AI fills: a choice among options, or a span of the customer's words for text. */
const FILLABLE = ["select", "multiselect", "text"];

export function AiFieldNote({ issue, field }: { issue: Issue; field: CustomField }) {
  const decisions = useDecisions(issue.number);
  const queryClient = useQueryClient();
  const fill = useMutation({
    mutationFn: () => fillAiFields(issue.number),
    onSuccess: (res) => {
      const mine = res.items.find((d) => d.output.key === field.key);
      showToast(mine ? `AI: ${mine.reason ?? "done"}` : "AI had nothing to fill");
    },
    onError: (error) => showError("AI could not fill the field", error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["issue", issue.number] }),
  });
  const decision = decisions.data?.find((d) => d.kind === "field" && d.output.key === field.key);
  const value = issue.customFields?.[field.key];
  const empty = value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0);
  let text: string;
  if (decision && decision.output.value !== null && decision.output.value !== undefined) {
    const pct = decision.confidence === null ? "" : ` (${Math.round(decision.confidence * 100)}%)`;
    const same =
      JSON.stringify(value) === JSON.stringify(decision.output.value) ||
      (Array.isArray(value) && value.includes(decision.output.value));
    text = same ? `Filled by AI${pct}` : `AI chose ${String(decision.output.value)}${pct}; a person changed it`;
  } else if (decision) {
    text = `AI left this empty: ${decision.reason ?? "no reason recorded"}`;
  } else if (!FILLABLE.includes(field.type)) {
    text = `AI fills choice and text fields only; this ${field.type} field is left for people.`;
  } else if (!field.description.trim()) {
    text =
      field.type === "text"
        ? "AI needs a description of what to look for (Settings → Custom fields)."
        : "AI needs a description of the options (Settings → Custom fields).";
  } else if (empty) {
    text = "AI fills this on new issues; this issue came before it was switched on.";
  } else return null;
  return (
    <p className="ai-field-note muted small" title={decision?.reason ?? undefined}>
      <span className="ai-badge">AI</span> {text}
      {empty && FILLABLE.includes(field.type) && (
        <button type="button" className="button small ai-fill" disabled={fill.isPending} onClick={() => fill.mutate()}>
          {fill.isPending ? "Filling…" : "Fill with AI"}
        </button>
      )}
    </p>
  );
}
