// The knowledge base: collections and articles on the left (search with highlighted passages),
// the markdown editor on the right. /knowledge/new starts an article, /knowledge/:id edits one.
import type { KbArticleSummary } from "@switchboard/api";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useRoute } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useDebouncedValue } from "../../ui/useDebouncedValue";
import { ArticleEditor } from "./ArticleEditor";
import { fetchArticles, fetchCollections } from "./api";
import { GapsPage } from "./GapsPage";
import "./knowledge.css";

export function KnowledgePage() {
  const [gapsPage] = useRoute("/knowledge/gaps");
  return gapsPage ? <GapsPage /> : <ArticlesPage />;
}

function ArticlesPage() {
  const [, params] = useRoute("/knowledge/:id");
  const id = params?.id;
  const [q, setQ] = useState("");
  const debounced = useDebouncedValue(q.trim(), 200);
  const collections = useQuery({ queryKey: ["kb-collections"], queryFn: fetchCollections });
  const articles = useQuery({
    queryKey: ["kb-articles", debounced],
    queryFn: ({ signal }) => fetchArticles(debounced, signal),
    placeholderData: keepPreviousData,
  });
  const byCollection = new Map<string | null, KbArticleSummary[]>();
  for (const a of articles.data ?? []) {
    const key = debounced ? "results" : a.collectionId;
    byCollection.set(key, [...(byCollection.get(key) ?? []), a]);
  }
  const groups: [string, KbArticleSummary[]][] = debounced
    ? [["Results", articles.data ?? []]]
    : [
        ...(collections.data ?? []).map((c): [string, KbArticleSummary[]] => [c.name, byCollection.get(c.id) ?? []]),
        ["Not in a collection", byCollection.get(null) ?? []],
      ];

  return (
    <div className="kb-page">
      <aside className="kb-list" aria-label="Articles">
        <div className="kb-list-head">
          <h1>Knowledge base</h1>
          <Link href="/knowledge/gaps" className="button small">
            Gaps
          </Link>
          <Link href="/knowledge/new" className="button primary small">
            New article
          </Link>
        </div>
        <input
          type="search"
          className="kb-search"
          aria-label="Search the knowledge base"
          placeholder="Search articles…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {articles.isPending && <p className="state-line">Loading articles…</p>}
        {articles.isError && <ErrorNotice error={articles.error} onRetry={() => articles.refetch()} />}
        {articles.isSuccess && articles.data.length === 0 && (
          <p className="state-line empty">
            {debounced ? `No article matches “${debounced}”.` : "No articles yet — write the first one."}
          </p>
        )}
        {groups
          .filter(([, list]) => list.length > 0)
          .map(([name, list]) => (
            <div key={name} className="kb-group">
              <h2 className="panel-title">{name}</h2>
              <ul>
                {list.map((a) => (
                  <li key={a.id}>
                    <Link href={`/knowledge/${a.id}`} className={a.id === id ? "kb-item active" : "kb-item"}>
                      <span className="kb-item-title">{a.title}</span>
                      <span className="kb-item-meta">
                        {a.status === "draft" && <span className="kb-badge draft">draft</span>}
                        {a.visibility === "internal" && <span className="kb-badge">internal</span>}
                        {a.visibility === "account_types" && (
                          <span className="kb-badge">{a.accountTypes.join(", ")}</span>
                        )}
                      </span>
                      {a.highlight && (
                        // biome-ignore lint/security/noDangerouslySetInnerHtml: escaped on the server (markHighlight)
                        <span className="kb-highlight" dangerouslySetInnerHTML={{ __html: a.highlight }} />
                      )}
                    </Link>
                  </li>
                ))}
              </ul>
            </div>
          ))}
      </aside>
      <section className="kb-editor-pane">
        {id ? (
          <ArticleEditor key={id} id={id === "new" ? null : id} collections={collections.data ?? []} />
        ) : (
          <div className="kb-empty">
            <p>Pick an article to edit, or write a new one.</p>
            <p className="muted">
              Public articles appear on the help center once published; internal ones only to agents.
            </p>
          </div>
        )}
      </section>
    </div>
  );
}
