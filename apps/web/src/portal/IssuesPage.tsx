// The customer's requests (a portal admin may switch to all of their account's), and the forms
// to open a new one.
import type { PortalIssue, PortalMe } from "@switchboard/api";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "wouter";
import { portalApi } from "./api";
import { StateBadge } from "./StateBadge";

export function IssuesPage({ me }: { me: PortalMe }) {
  const [scope, setScope] = useState<"mine" | "account">("mine");
  const issues = useQuery({ queryKey: ["portal", "issues", scope], queryFn: () => portalApi.issues(scope) });
  const forms = useQuery({ queryKey: ["portal", "forms"], queryFn: portalApi.forms });
  return (
    <div className="portal-columns">
      <section className="portal-card portal-requests">
        <div className="portal-section-head">
          <h1>Requests</h1>
          {me.portalAdmin && (
            <div className="portal-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={scope === "mine"} onClick={() => setScope("mine")}>
                Mine
              </button>
              <button type="button" role="tab" aria-selected={scope === "account"} onClick={() => setScope("account")}>
                All of {me.accountName}
              </button>
            </div>
          )}
        </div>
        {issues.isPending && <p className="portal-muted">Loading…</p>}
        {issues.isError && <p className="portal-error">{issues.error.message}</p>}
        {issues.data && issues.data.items.length === 0 && (
          <p className="portal-empty">No requests yet. Open one with a form on the right.</p>
        )}
        {issues.data && issues.data.items.length > 0 && (
          <ul className="portal-issue-list">
            {issues.data.items.map((issue) => (
              <IssueRow key={issue.number} issue={issue} showRequester={scope === "account"} />
            ))}
          </ul>
        )}
      </section>
      <aside className="portal-card portal-forms">
        <h2>New request</h2>
        {forms.data?.items.length === 0 && <p className="portal-muted">No forms are published yet.</p>}
        <ul>
          {forms.data?.items.map((form) => (
            <li key={form.id}>
              <Link href={`/new/${form.id}`} className="portal-form-link">
                <strong>{form.name}</strong>
                {form.description && <span className="portal-muted">{form.description}</span>}
              </Link>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

/** Where an issue was asked, in the customer's words (the portal's own need no label). */
const CHANNEL_NAMES: Record<PortalIssue["channel"], string> = {
  slack: "Slack",
  email: "Email",
  widget: "Chat",
  portal: "Portal",
  api: "API",
};

function IssueRow({ issue, showRequester }: { issue: PortalIssue; showRequester: boolean }) {
  return (
    <li>
      <Link href={`/issues/${issue.number}`} className="portal-issue-row">
        <span className="portal-issue-number">#{issue.number}</span>
        <span className="portal-issue-title">{issue.title}</span>
        {issue.channel !== "portal" && <span className="portal-channel">{CHANNEL_NAMES[issue.channel]}</span>}
        {showRequester && <span className="portal-muted">{issue.requesterName}</span>}
        <StateBadge state={issue.state} />
        <time className="portal-muted" dateTime={issue.updatedAt}>
          {new Date(issue.updatedAt).toLocaleDateString()}
        </time>
      </Link>
    </li>
  );
}
