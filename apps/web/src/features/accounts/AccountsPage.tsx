// Accounts, with the views a proactive team works from: "sentiment dropped this week" and
// "renewal in N days and negative" (GET /accounts filters), sortable by change, health, renewal.
import type { AccountListItem } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation, useSearch } from "wouter";
import { request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { sentimentClass, signed } from "./SentimentCard";
import "./account.css";

type View = "all" | "dropped" | "renewal";
type Sort = "created" | "sentiment_change" | "health" | "renewal";

const VIEWS: { id: View; label: string }[] = [
  { id: "all", label: "All accounts" },
  { id: "dropped", label: "Sentiment dropped this week" },
  { id: "renewal", label: "Renewing soon and negative" },
];

export function AccountsPage() {
  const search = new URLSearchParams(useSearch());
  const [, navigate] = useLocation();
  const view = (VIEWS.find((v) => v.id === search.get("view"))?.id ?? "all") as View;
  const [days, setDays] = useState(Number(search.get("days") ?? 60) || 60);
  const [sort, setSort] = useState<Sort>(
    view === "dropped" ? "sentiment_change" : view === "renewal" ? "renewal" : "created",
  );
  const query = new URLSearchParams({ limit: "100", sort });
  if (view === "dropped") query.set("sentiment", "dropped");
  if (view === "renewal") {
    query.set("sentiment", "negative");
    query.set("renewalWithinDays", String(days));
  }
  const list = useQuery({
    queryKey: ["accounts", query.toString()],
    queryFn: ({ signal }) => request<{ items: AccountListItem[] }>(`/accounts?${query}`, { signal }),
  });
  const choose = (next: View) => {
    setSort(next === "dropped" ? "sentiment_change" : next === "renewal" ? "renewal" : "created");
    navigate(next === "all" ? "/accounts" : `/accounts?view=${next}`);
  };
  return (
    <section className="account-page" aria-labelledby="accounts-title">
      <header className="page-head">
        <h1 id="accounts-title">Accounts</h1>
      </header>
      <div className="account-body">
        <div className="accounts-toolbar" role="toolbar" aria-label="Account views">
          {VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className={v.id === view ? "button small primary" : "button small"}
              aria-pressed={v.id === view}
              onClick={() => choose(v.id)}
            >
              {v.label}
            </button>
          ))}
          {view === "renewal" && (
            <label className="small">
              within{" "}
              <input
                type="number"
                min={1}
                max={730}
                value={days}
                onChange={(e) => setDays(Math.max(1, Math.min(730, Number(e.target.value) || 60)))}
                aria-label="Renewal within days"
              />{" "}
              days
            </label>
          )}
          <label className="small accounts-sort">
            Sort{" "}
            <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
              <option value="created">Newest</option>
              <option value="sentiment_change">Sentiment change</option>
              <option value="health">Health (lowest first)</option>
              <option value="renewal">Renewal (soonest first)</option>
            </select>
          </label>
        </div>
        {list.isPending ? (
          <p className="state-line" aria-busy="true">
            Loading accounts…
          </p>
        ) : list.isError ? (
          <ErrorNotice error={list.error} onRetry={() => list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <p className="muted">
            {view === "all" ? "No accounts yet." : "No account in this view. Nobody's sentiment needs a reach-out."}
          </p>
        ) : (
          <table className="accounts-table">
            <thead>
              <tr>
                <th>Account</th>
                <th>Tier</th>
                <th>Health</th>
                <th>This week</th>
                <th>Change</th>
                <th>30 days</th>
                <th>Renewal</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <Link href={`/accounts/${a.id}`}>{a.name}</Link>
                  </td>
                  <td>{a.tier ?? <span className="muted">—</span>}</td>
                  <td>{a.health ?? <span className="muted">—</span>}</td>
                  <td>
                    {a.sentiment?.current != null ? signed(a.sentiment.current) : <span className="muted">—</span>}
                  </td>
                  <td className={a.sentiment?.dropped ? "sentiment-drop" : undefined}>
                    {a.sentiment?.change != null ? signed(a.sentiment.change) : <span className="muted">—</span>}
                  </td>
                  <td className={sentimentClass(a.sentiment?.label)}>{a.sentiment?.label ?? "—"}</td>
                  <td>{a.renewalDate ?? <span className="muted">—</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
