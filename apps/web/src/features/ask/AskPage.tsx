// Ask AI: a question across the issues the agent may read ("how many billing issues from
// enterprise accounts last month?", "summarize recent issues with Northwind"). The answer always
// shows the filters it read from the question and the issues it read, so the agent can check it.
import type { AskAnswer } from "@switchboard/api";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";

const EXAMPLES = [
  "Summarize recent issues with Acme Corp",
  "How many billing issues from enterprise accounts last month?",
  "What are the most common feature requests about the portal?",
];

const ask = (question: string) => request<AskAnswer>("/ask", { method: "POST", body: { question } });

export function AskPage() {
  const [question, setQuestion] = useState("");
  const answer = useMutation({ mutationFn: ask });
  const submit = (q: string) => {
    setQuestion(q);
    if (q.trim().length >= 3) answer.mutate(q.trim());
  };
  return (
    <div className="ask-page">
      <h1>Ask AI</h1>
      <form
        className="ask-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit(question);
        }}
      >
        <input
          className="ask-question"
          aria-label="Question"
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          placeholder="Ask about your issues…"
          maxLength={500}
          // biome-ignore lint/a11y/noAutofocus: the page exists to type a question
          autoFocus
        />
        <button type="submit" className="button primary" disabled={answer.isPending}>
          {answer.isPending ? "Reading issues…" : "Ask"}
        </button>
      </form>
      {answer.isIdle && (
        <ul className="ask-examples" aria-label="Example questions">
          {EXAMPLES.map((q) => (
            <li key={q}>
              <button type="button" className="link-button" onClick={() => submit(q)}>
                {q}
              </button>
            </li>
          ))}
        </ul>
      )}
      {answer.isError && <ErrorNotice error={answer.error} onRetry={() => submit(question)} />}
      {answer.data && <Answer answer={answer.data} />}
    </div>
  );
}

function Answer({ answer }: { answer: AskAnswer }) {
  return (
    <section className="ask-answer" aria-label="Answer">
      <p className="ask-text">{answer.answer}</p>
      <p className="muted">
        {answer.total} matching issue{answer.total === 1 ? "" : "s"} · {answer.read.length} read · {answer.provider}
      </p>
      <ul className="ask-filters" aria-label="Filters used">
        {answer.filters.length === 0 ? (
          <li className="muted">No filters: every issue you can read</li>
        ) : (
          answer.filters.map((f) => (
            <li key={`${f.field}:${f.value}`} className="chip">
              {f.field}: {f.value}
            </li>
          ))
        )}
      </ul>
      {answer.refused.length > 0 && (
        <p className="notice warn">
          Removed {answer.refused.length} citation{answer.refused.length === 1 ? "" : "s"} the model made to issues it
          was not given: {answer.refused.join(", ")}
        </p>
      )}
      {answer.groups.length > 0 && (
        <>
          <h2>Ranking</h2>
          <ol className="ask-groups">
            {answer.groups.map((g) => (
              <li key={`${g.by}:${g.label}`}>
                <strong>{g.label}</strong> <span className="muted">({g.by})</span> · {g.count} issue
                {g.count === 1 ? "" : "s"}
              </li>
            ))}
          </ol>
        </>
      )}
      <h2>Cited issues</h2>
      {answer.cited.length === 0 ? (
        <p className="muted">No issue cited.</p>
      ) : (
        <ul className="ask-issues" aria-label="Cited issues">
          {answer.cited.map((i) => (
            <li key={i.number}>
              <Link href={`/issues/${i.number}`}>
                #{i.number} {i.title}
              </Link>{" "}
              <span className="muted">
                {i.accountName ?? "no account"} · {i.state}
              </span>
              {i.excerpt && <div className="ask-excerpt">“{i.excerpt}”</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
