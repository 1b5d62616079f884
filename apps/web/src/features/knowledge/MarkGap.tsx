// "No good article": the agent marks the customer's question as a knowledge gap for the weekly
// review (Knowledge base → Gaps).
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { showError, showToast } from "../../ui/toasts";
import { markGap } from "./api";

export function MarkGap({ number, initial }: { number: number; initial: string }) {
  const [question, setQuestion] = useState<string | null>(null);
  const mark = useMutation({
    mutationFn: (q: string) => markGap(q, number),
    onSuccess: () => {
      setQuestion(null);
      showToast("Marked as a knowledge gap");
    },
    onError: (error) => showError("Could not mark the gap", error),
  });
  if (question === null) {
    return (
      <button type="button" className="button small" onClick={() => setQuestion(initial)}>
        No good article? Mark a gap
      </button>
    );
  }
  return (
    <form
      className="copilot-ask"
      onSubmit={(e) => {
        e.preventDefault();
        if (question.trim()) mark.mutate(question.trim());
      }}
    >
      <input
        // biome-ignore lint/a11y/noAutofocus: opened to type the question
        autoFocus
        aria-label="The customer's question"
        placeholder="The customer's question, in their words"
        value={question}
        onChange={(e) => setQuestion(e.target.value)}
        onKeyDown={(e) => e.key === "Escape" && setQuestion(null)}
      />
    </form>
  );
}
