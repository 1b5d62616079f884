// The account 360: who the customer is (type, tier, owner, renewal, contract value, health; what
// the CRM owns is marked with its source), their open and recent issues on every channel, the
// people, Slack channels, Linear issues they wait on, CSAT answers, and what happened lately.
import type { Account, AccountOverview, Contact } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link } from "wouter";
import { request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { ageLabel, dateLabel } from "../../ui/time";
import { showError } from "../../ui/toasts";
import { useCanWrite } from "../auth/useCanWrite";
import { useCustomFields } from "../directory/useDirectory";
import { fieldDisplay } from "../issue/CustomFieldsSection";
import { ChannelIcon, PriorityIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { ChipEditor } from "./ChipEditor";
import { ReachOut } from "./ReachOut";
import { HealthCard, SentimentSection } from "./SentimentCard";
import "./account.css";

type Overview = AccountOverview;
type IssueRow = Overview["issues"]["open"][number];

const SOURCE = { salesforce: "Salesforce", hubspot: "HubSpot" } as const;

export function AccountPage({ id }: { id: string }) {
  const overview = useQuery({
    queryKey: ["account", id, "overview"],
    queryFn: ({ signal }) => request<Overview>(`/accounts/${id}/overview`, { signal }),
  });
  if (overview.isPending)
    return (
      <p className="state-line" aria-busy="true">
        Loading account…
      </p>
    );
  if (overview.isError) return <ErrorNotice error={overview.error} onRetry={() => overview.refetch()} />;
  const o = overview.data;
  const a = o.account;
  return (
    <section className="account-page" aria-labelledby="account-page-title">
      <header className="page-head">
        <h1 id="account-page-title">{a.name}</h1>
        <span className={`chip type-${a.type}`}>{a.type}</span>
        {a.tier && <span className="chip">{a.tier}</span>}
        {a.crm && (
          <span className="muted small crm-note">
            Synced from {SOURCE[a.crm.source]}
            {a.crm.syncedAt && ` ${ageLabel(a.crm.syncedAt)} ago`} · marked fields are edited there
          </span>
        )}
        <span className="account-actions">
          <ReachOut o={o} />
        </span>
      </header>
      <div className="account-body">
        <Header o={o} />
        <div className="account-grid">
          <div className="account-main">
            <Card title="Customer sentiment">
              <SentimentSection sentiment={o.sentiment} />
            </Card>
            <Card title={`Open issues (${o.issues.openCount})`}>
              <IssueList rows={o.issues.open} empty="Nothing open. All quiet." />
            </Card>
            <Card title="Recently closed">
              <IssueList rows={o.issues.recentlyClosed} empty="Nothing closed in the last 90 days." />
            </Card>
            <Card title="Activity">
              {o.timeline.length === 0 ? (
                <p className="muted">Nothing yet.</p>
              ) : (
                <ol className="account-timeline">
                  {o.timeline.map((e) => (
                    <li key={`${e.issueNumber}-${e.createdAt}-${e.type}`}>
                      <time title={dateLabel(e.createdAt)}>{ageLabel(e.createdAt)} ago</time>
                      <span>
                        {e.actorName ?? (e.actorType === "system" ? "Switchboard" : e.actorType)} · {eventLabel(e.type)}
                      </span>
                      <Link href={`/issues/${e.issueNumber}`}>
                        #{e.issueNumber} {e.issueTitle}
                      </Link>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
          </div>
          <div className="account-side">
            <Card title="Health">
              <HealthCard health={o.sentiment.health} />
            </Card>
            <AccountFields account={o.account} />
            <Card title="Contacts">
              {o.contacts.length === 0 ? (
                <p className="muted">No contacts.</p>
              ) : (
                <ul className="plain-list">
                  {o.contacts.map((c) => (
                    <li key={c.id} className="contact-row">
                      <span>
                        <strong>{c.name}</strong>
                        {c.email && <span className="muted"> · {c.email}</span>}
                        {c.issueCount > 0 && <span className="muted small"> · {c.issueCount} issues</span>}
                      </span>
                      <ContactRoles accountId={a.id} contact={c} />
                      <PortalAdminToggle accountId={a.id} contact={c} />
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Slack channels">
              {o.slackChannels.length === 0 ? (
                <p className="muted">No shared channel.</p>
              ) : (
                <ul className="plain-list">
                  {o.slackChannels.map((c) => (
                    <li key={c.id}>#{c.name}</li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="Linear issues">
              {o.linearIssues.length === 0 ? (
                <p className="muted">None linked.</p>
              ) : (
                <ul className="plain-list">
                  {o.linearIssues.map((l) => (
                    <li key={l.identifier}>
                      <a href={l.url} target="_blank" rel="noreferrer">
                        <strong>{l.identifier}</strong> {l.title}
                      </a>{" "}
                      <span className={`chip linear-${l.stateType}`}>{l.stateName}</span>
                      <span className="muted small"> · for {l.issueNumbers.map((n) => `#${n}`).join(", ")}</span>
                    </li>
                  ))}
                </ul>
              )}
            </Card>
            <Card title="CSAT">
              {o.csat.responses.length === 0 ? (
                <p className="muted">No ratings yet.</p>
              ) : (
                <>
                  <p className="csat-average">
                    <strong>{o.csat.average?.toFixed(1)}</strong>
                    <span className="muted">
                      {" "}
                      / 5 over {o.csat.responses.length} rating{o.csat.responses.length === 1 ? "" : "s"}
                    </span>
                  </p>
                  <ul className="plain-list">
                    {o.csat.responses.map((r) => (
                      <li key={`${r.issueNumber}-${r.createdAt}`}>
                        <span className={`csat-score score-${r.score}`}>{r.score}</span>{" "}
                        <Link href={`/issues/${r.issueNumber}`}>#{r.issueNumber}</Link>
                        {r.comment && <span> “{r.comment}”</span>}
                        <span className="muted small"> · {ageLabel(r.createdAt)} ago</span>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </Card>
          </div>
        </div>
      </div>
    </section>
  );
}

function Header({ o }: { o: Overview }) {
  const a = o.account;
  const synced = (field: string) =>
    a.crm?.fields.includes(field) ? (
      <span className="crm-mark" title={`Synced from ${SOURCE[a.crm.source]}; change it there`}>
        {SOURCE[a.crm.source]}
      </span>
    ) : null;
  return (
    <dl className="account-facts">
      <Fact label="Owner" mark={synced("ownerUserId")}>
        {o.owner?.name ?? <span className="muted">No owner</span>}
      </Fact>
      <Fact label="Renewal" mark={synced("renewalDate")}>
        {a.renewalDate ? (
          <>
            {a.renewalDate}
            {o.renewalInDays !== null && (
              <span className={o.renewalInDays >= 0 && o.renewalInDays <= 60 ? "renewal-soon" : "muted"}>
                {" "}
                · {renewalLabel(o.renewalInDays)}
              </span>
            )}
          </>
        ) : (
          <span className="muted">—</span>
        )}
      </Fact>
      <Fact label="Contract value" mark={synced("tcv")}>
        {a.tcv !== null ? (
          a.tcv.toLocaleString(undefined, { maximumFractionDigits: 2 })
        ) : (
          <span className="muted">—</span>
        )}
      </Fact>
      <Fact label="Health">{a.health !== null ? `${a.health} / 100` : <span className="muted">Not scored</span>}</Fact>
      <Fact label="Products" mark={synced("products")}>
        {a.products.length ? a.products.join(", ") : <span className="muted">—</span>}
      </Fact>
      <Fact label="Domains">{a.domains.length ? a.domains.join(", ") : <span className="muted">—</span>}</Fact>
      <Fact label="Tags" mark={synced("tags")} wide>
        <AccountTags account={a} crmOwned={a.crm?.fields.includes("tags") ?? false} />
      </Fact>
    </dl>
  );
}

/** The account's custom fields (plan, region, industry …), each marked when the CRM owns it. */
function AccountFields({ account }: { account: Overview["account"] }) {
  const fields = useCustomFields();
  const defs = fields.data?.filter((f) => f.object === "account") ?? [];
  const shown = defs.filter((f) => account.customFields[f.key] !== undefined);
  if (shown.length === 0) return null;
  return (
    <Card title="Account fields">
      <dl className="account-field-list">
        {shown.map((f) => (
          <div key={f.id}>
            <dt>
              {f.label}
              {account.crm?.fields.includes(`customFields.${f.key}`) && (
                <span className="crm-mark">{SOURCE[account.crm.source]}</span>
              )}
            </dt>
            <dd>{fieldDisplay(f, account.customFields[f.key])}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** The account's tags (broadcast audiences choose accounts by them), edited inline. */
function AccountTags({ account, crmOwned }: { account: Overview["account"]; crmOwned: boolean }) {
  const write = useCanWrite();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (tags: string[]) => request<Account>(`/accounts/${account.id}`, { method: "PATCH", body: { tags } }),
    onSuccess: (saved) =>
      client.setQueryData<Overview>(["account", account.id, "overview"], (o) => o && { ...o, account: saved }),
    onError: (e) => showError("Could not save the tags", e),
  });
  return (
    <ChipEditor
      values={save.isPending ? save.variables : account.tags}
      noun="tag"
      owner={account.name}
      readOnly={!write.can || crmOwned}
      saving={save.isPending}
      onChange={(tags) => save.mutate(tags)}
    />
  );
}

/** A contact's roles (broadcasts email contacts by role), edited inline. */
function ContactRoles({ accountId, contact }: { accountId: string; contact: Overview["contacts"][number] }) {
  const write = useCanWrite();
  const client = useQueryClient();
  const save = useMutation({
    mutationFn: (roles: string[]) => request<Contact>(`/contacts/${contact.id}`, { method: "PATCH", body: { roles } }),
    onSuccess: (saved) =>
      client.setQueryData<Overview>(
        ["account", accountId, "overview"],
        (o) => o && { ...o, contacts: o.contacts.map((c) => (c.id === saved.id ? { ...c, roles: saved.roles } : c)) },
      ),
    onError: (e) => showError("Could not save the roles", e),
  });
  return (
    <ChipEditor
      values={save.isPending ? save.variables : contact.roles}
      noun="role"
      owner={contact.name}
      readOnly={!write.can}
      saving={save.isPending}
      onChange={(roles) => save.mutate(roles)}
    />
  );
}

/** Whether the contact is a portal admin: in the customer portal they read all of the account's issues. */
function PortalAdminToggle({ accountId, contact }: { accountId: string; contact: Overview["contacts"][number] }) {
  const write = useCanWrite();
  const client = useQueryClient();
  // The box shows the click at once, in the same render as the click: the mutation's pending state
  // arrives a tick later, and a controlled checkbox would flick back to the saved value meanwhile.
  const [wanted, setWanted] = useState<boolean | null>(null);
  const save = useMutation({
    mutationFn: (portalAdmin: boolean) =>
      request<Contact>(`/contacts/${contact.id}`, { method: "PATCH", body: { portalAdmin } }),
    onSuccess: (saved) =>
      client.setQueryData<Overview>(
        ["account", accountId, "overview"],
        (o) =>
          o && {
            ...o,
            contacts: o.contacts.map((c) => (c.id === saved.id ? { ...c, portalAdmin: saved.portalAdmin } : c)),
          },
      ),
    onError: (e) => showError("Could not save the portal access", e),
    onSettled: () => setWanted(null),
  });
  const checked = wanted ?? contact.portalAdmin;
  return (
    <label
      className="contact-portal-admin small"
      title="A portal admin sees every issue of this account in the customer portal, not only their own"
    >
      <input
        type="checkbox"
        checked={checked}
        disabled={!write.can || save.isPending}
        aria-label={`${contact.name} is a portal admin`}
        onChange={(e) => {
          setWanted(e.target.checked);
          save.mutate(e.target.checked);
        }}
      />{" "}
      Portal admin
    </label>
  );
}

function Fact({
  label,
  mark,
  wide,
  children,
}: {
  label: string;
  mark?: ReactNode;
  wide?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={wide ? "fact wide" : "fact"}>
      <dt>
        {label} {mark}
      </dt>
      <dd>{children}</dd>
    </div>
  );
}

function Card({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <section className={`account-card-box ${className ?? ""}`}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

function IssueList({ rows, empty }: { rows: IssueRow[]; empty: string }) {
  if (rows.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="account-issues">
      {rows.map((i) => (
        <li key={i.number}>
          <PriorityIcon priority={i.priority} />
          <ChannelIcon channel={i.channel} />
          <Link href={`/issues/${i.number}`} className="issue-link">
            <span className="muted">#{i.number}</span> {i.title}
          </Link>
          <span className="muted small nowrap">{i.assigneeName ?? "Unassigned"}</span>
          <StateBadge state={i.state} />
          <time className="muted small nowrap" title={dateLabel(i.updatedAt)}>
            {ageLabel(i.updatedAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}

function renewalLabel(days: number): string {
  if (days === 0) return "renews today";
  if (days > 0) return `renews in ${days} day${days === 1 ? "" : "s"}`;
  return `renewal passed ${-days} day${days === -1 ? "" : "s"} ago`;
}

const EVENT_LABELS: Record<string, string> = {
  created: "opened",
  message: "wrote",
  state: "changed the state",
  reopened: "reopened",
  assignee: "assigned",
  team: "moved to a team",
  priority: "set the priority",
  tags: "tagged",
  field: "set a field",
  title: "renamed",
  merged: "merged",
  linked: "linked",
  csat: "rated",
  trigger: "ran a trigger",
  ai_decision: "AI decided",
  sla_applied: "SLA applied",
  sla_breached: "SLA missed",
};

const eventLabel = (type: string) => EVENT_LABELS[type] ?? type.replace(/_/g, " ");
