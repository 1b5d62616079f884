// Feature requests: Linear issues ranked by demand — how many customer issues link to each, from
// how many accounts, their tiers and what their contracts are worth — with a drill into the
// linked issues and a link out to Linear.
import type { FeatureRequest } from "@switchboard/api";
import { Fragment, useState } from "react";
import { Link } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useFeatureRequests, useLinearConnection } from "./api";
import "./linear.css";

const money = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function FeatureRequestsPage() {
  const [status, setStatus] = useState<"open" | "all">("open");
  const [open, setOpen] = useState<string | null>(null);
  const requests = useFeatureRequests(status);
  const connection = useLinearConnection();
  return (
    <div className="feature-requests-page">
      <header className="page-head">
        <h1>Feature requests</h1>
        <fieldset className="segmented feature-filter">
          <legend className="visually-hidden">Which Linear issues</legend>
          {(["open", "all"] as const).map((s) => (
            <button
              key={s}
              type="button"
              className={status === s ? "active" : ""}
              aria-pressed={status === s}
              onClick={() => setStatus(s)}
            >
              {s === "open" ? "Not shipped" : "All"}
            </button>
          ))}
        </fieldset>
      </header>
      <div className="feature-requests-body">
        <p className="muted page-intro">
          Linear issues ranked by the customer issues linked to them, then by distinct accounts and their contract
          value. Link an issue to Linear from its Linear panel to count its demand here.
        </p>
        {requests.isPending && <p className="state-line">Loading feature requests…</p>}
        {requests.isError && <ErrorNotice error={requests.error} onRetry={() => requests.refetch()} />}
        {requests.data?.length === 0 && (
          <p className="state-line empty">
            {connection.data?.connected === false ? (
              <>
                Linear is not connected. <Link href="/settings/linear">Connect it in Settings → Linear</Link>.
              </>
            ) : status === "open" ? (
              "No open Linear issue is linked to a customer issue yet."
            ) : (
              "No Linear issue is linked to a customer issue yet."
            )}
          </p>
        )}
        {requests.data && requests.data.length > 0 && (
          <div className="feature-table-wrap">
            <table className="feature-table" aria-label="Feature requests">
              <thead>
                <tr>
                  <th className="num">#</th>
                  <th>Linear issue</th>
                  <th>State</th>
                  <th className="num">Issues</th>
                  <th className="num">Accounts</th>
                  <th>Tiers</th>
                  <th className="num">Contract value</th>
                  <th>
                    <span className="visually-hidden">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {requests.data.map((r, i) => (
                  <Fragment key={r.linearIssueId}>
                    <Row
                      rank={i + 1}
                      request={r}
                      open={open === r.linearIssueId}
                      onToggle={() => setOpen(open === r.linearIssueId ? null : r.linearIssueId)}
                    />
                    {open === r.linearIssueId && (
                      <tr className="feature-detail">
                        <td colSpan={8}>
                          <Detail request={r} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

function Row({
  rank,
  request: r,
  open,
  onToggle,
}: {
  rank: number;
  request: FeatureRequest;
  open: boolean;
  onToggle: () => void;
}) {
  const tiers = [...new Set(r.accounts.map((a) => a.tier).filter((t): t is string => Boolean(t)))];
  return (
    <tr>
      <td className="num muted">{rank}</td>
      <td className="feature-title">
        <a href={r.url} target="_blank" rel="noreferrer" title="Open in Linear">
          <strong>{r.identifier}</strong> {r.title}
        </a>
      </td>
      <td>
        <span className={`chip linear-${r.stateType}`}>{r.stateName}</span>
      </td>
      <td className="num">
        {r.issueCount}
        {r.openIssueCount < r.issueCount && <span className="muted"> ({r.openIssueCount} open)</span>}
      </td>
      <td className="num">{r.accountCount}</td>
      <td>
        <span className="chips">
          {tiers.map((t) => (
            <span key={t} className="chip">
              {t}
            </span>
          ))}
          {tiers.length === 0 && <span className="muted">—</span>}
        </span>
      </td>
      <td className="num">{r.totalContractValue > 0 ? money.format(r.totalContractValue) : "—"}</td>
      <td className="actions">
        <button type="button" className="button small" aria-expanded={open} onClick={onToggle}>
          {open ? "Hide" : "Issues"}
        </button>
      </td>
    </tr>
  );
}

function Detail({ request: r }: { request: FeatureRequest }) {
  return (
    <div className="feature-drill">
      <section aria-label={`Customer issues linked to ${r.identifier}`}>
        <h3>Linked issues</h3>
        <ul>
          {r.issues.map((i) => (
            <li key={i.number}>
              <Link href={`/issues/${i.number}`}>
                #{i.number} {i.title}
              </Link>
              <span className="muted">
                {" "}
                · {i.accountName ?? "No account"} · {i.state.replace("_", " ")}
              </span>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label={`Accounts asking for ${r.identifier}`}>
        <h3>Accounts</h3>
        {r.accounts.length === 0 ? (
          <p className="muted">No account on these issues.</p>
        ) : (
          <ul>
            {r.accounts.map((a) => (
              <li key={a.id}>
                <strong>{a.name}</strong>
                <span className="muted">
                  {" "}
                  · {a.tier ?? "no tier"} ·{" "}
                  {a.contractValue === null ? "no contract value" : money.format(a.contractValue)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
