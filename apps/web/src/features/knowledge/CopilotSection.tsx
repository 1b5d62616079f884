// The copilot for the open issue: a draft reply grounded in knowledge-base articles (into the
// composer, to edit and send), a summary of the thread, and questions answered from it — each
// sentence numbered with its source, listed below the answer.
import type { CopilotResult } from "@switchboard/api";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { askCopilot } from "./api";
import { replaceComposer } from "./composerInsert";

export function CopilotSection({ number }: { number: number }) {
  const [question, setQuestion] = useState("");
  const [shown, setShown] = useState<{ title: string; result: CopilotResult } | null>(null);
  const run = useMutation({
    mutationFn: (what: { kind: "draft" | "summary" | "ask"; question?: string }) =>
      askCopilot(number, what.kind, what.question),
    onSuccess: (result, what) => {
      if (what.kind === "draft" && result.text) replaceComposer(number, result.text);
      const title =
        what.kind === "draft"
          ? "Draft reply (in the composer)"
          : what.kind === "summary"
            ? "Summary"
            : `Q: ${what.question}`;
      setShown({ title, result });
    },
  });

  return (
    <section className="copilot" aria-label="Copilot">
      <h3 className="panel-subtitle">Copilot</h3>
      <div className="copilot-actions">
        <button
          type="button"
          className="button small"
          disabled={run.isPending}
          onClick={() => run.mutate({ kind: "draft" })}
        >
          Draft reply
        </button>
        <button
          type="button"
          className="button small"
          disabled={run.isPending}
          onClick={() => run.mutate({ kind: "summary" })}
        >
          Summarize
        </button>
      </div>
      <form
        className="copilot-ask"
        onSubmit={(e) => {
          e.preventDefault();
          if (question.trim()) run.mutate({ kind: "ask", question: question.trim() });
        }}
      >
        <input
          aria-label="Ask about this issue"
          placeholder="Ask about this issue…"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
        />
      </form>
      {run.isPending && <p className="state-line">Thinking…</p>}
      {run.isError && <p className="inline-error">{run.error.message}</p>}
      {shown && !run.isPending && <Answer title={shown.title} result={shown.result} />}
    </section>
  );
}

function Answer({ title, result }: { title: string; result: CopilotResult }) {
  return (
    <section className="copilot-answer" aria-label="Copilot answer">
      <div className="copilot-answer-head">
        <strong>{title}</strong>
        <span className="muted" title={result.reason}>
          {Math.round(result.confidence * 100)}% · {result.provider}
        </span>
      </div>
      {result.text ? <p className="copilot-text">{result.text}</p> : <p className="muted">{result.reason}</p>}
      {result.refusedCitations.length > 0 && (
        <p className="copilot-refused" role="note" title={result.refusedCitations.join(", ")}>
          {result.refusedCitations.length} citation{result.refusedCitations.length === 1 ? "" : "s"} removed: not among
          the retrieved sources ({result.refusedCitations.join(", ")})
        </p>
      )}
      {result.citations.length > 0 && (
        <ol className="copilot-sources" aria-label="Sources">
          {result.citations.map((c) => (
            <li key={`${c.n}-${c.id}`} value={c.n}>
              {c.kind === "article" ? (
                <Link href={`/knowledge/${c.id}`}>{c.title}</Link>
              ) : (
                <span>message from {c.title}</span>
              )}
              {c.section && <span className="muted"> · {c.section}</span>}
              <div className="muted copilot-excerpt">{c.excerpt}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
