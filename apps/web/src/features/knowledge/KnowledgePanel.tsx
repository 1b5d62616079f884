// The issue sidebar's knowledge base: articles suggested from the thread, a search box, and one
// key to put a link into the composer (l: the selected article; b: search). Below it, the
// copilot: a draft reply citing its articles, a summary and questions about the thread.
import type { KbArticleSummary } from "@switchboard/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { Link } from "wouter";
import { useDebouncedValue } from "../../ui/useDebouncedValue";
import { useHotkeys } from "../shortcuts/hotkeys";
import { fetchSuggestions } from "./api";
import { CopilotSection } from "./CopilotSection";
import { articleLink, insertIntoComposer } from "./composerInsert";
import { MarkGap } from "./MarkGap";
import "./knowledge.css";

export function KnowledgePanel({ number }: { number: number }) {
  const [q, setQ] = useState("");
  const [selected, setSelected] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const debounced = useDebouncedValue(q.trim(), 200);
  const articles = useQuery({
    queryKey: ["kb-suggestions", number, debounced],
    queryFn: ({ signal }) => fetchSuggestions(number, debounced, signal),
    placeholderData: keepPreviousData,
  });
  const items = articles.data ?? [];
  const current = items[Math.min(selected, items.length - 1)];
  const insert = (a: KbArticleSummary | undefined) => {
    if (a?.helpUrl) insertIntoComposer(number, articleLink(a.title, a.helpUrl));
  };
  useHotkeys({ l: () => insert(current), b: () => search.current?.focus() });

  return (
    <section className="panel-section kb-panel" aria-labelledby="kb-title">
      <h2 id="kb-title" className="panel-title">
        Knowledge base
      </h2>
      <input
        ref={search}
        type="search"
        className="kb-search"
        aria-label="Search articles"
        placeholder="Search articles (b)"
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          setSelected(0);
        }}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown") setSelected((s) => Math.min(s + 1, items.length - 1));
          else if (e.key === "ArrowUp") setSelected((s) => Math.max(s - 1, 0));
          else if (e.key === "Enter") insert(current);
          else if (e.key === "Escape") e.currentTarget.blur();
          else return;
          e.preventDefault();
        }}
      />
      <p className="muted kb-hint">
        {debounced ? "Results" : "Suggested for this issue"} · <kbd>l</kbd> inserts a link
      </p>
      {articles.isPending && <p className="state-line">Finding articles…</p>}
      {articles.isError && <p className="inline-error">Articles did not load.</p>}
      {articles.isSuccess && items.length === 0 && (
        <p className="state-line empty">
          {debounced ? `No article matches “${debounced}”.` : "No article matches this thread yet."}
        </p>
      )}
      <ul className="kb-results" aria-label="Suggested articles">
        {items.map((a, i) => (
          <li key={a.id} className={a === current ? "selected" : undefined} aria-current={a === current || undefined}>
            <div className="kb-result-head">
              <Link href={`/knowledge/${a.id}`} className="kb-result-title">
                {a.title}
              </Link>
              {a.visibility === "internal" && <span className="kb-badge">internal</span>}
              {a.visibility === "account_types" && <span className="kb-badge">{a.accountTypes.join(", ")}</span>}
            </div>
            {a.highlight && (
              // The server escapes the passage; only its own <mark> tags are HTML.
              // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped on the server (markHighlight)
              <p className="kb-highlight" dangerouslySetInnerHTML={{ __html: a.highlight }} />
            )}
            <button
              type="button"
              className="button small"
              disabled={!a.helpUrl}
              title={
                a.helpUrl ? "Insert a link to this article into the reply (l)" : "Internal: customers cannot open it"
              }
              onClick={() => {
                setSelected(i);
                insert(a);
              }}
            >
              Insert link
            </button>
          </li>
        ))}
      </ul>
      <MarkGap number={number} initial={debounced} />
      <CopilotSection number={number} />
    </section>
  );
}
