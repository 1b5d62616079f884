// The customer behind the issue: account type, tier, owner and CRM fields (renewal date,
// contract value…), the requester, and the account's other open issues.
import { Link } from "wouter";
import type { Issue } from "../../api/types";
import { useAccount, useCustomFields, useUsers } from "../directory/useDirectory";
import { PriorityIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { fieldDisplay } from "./CustomFieldsSection";
import { useAccountIssues } from "./useIssue";

export function AccountCard({ issue }: { issue: Issue }) {
  const account = useAccount(issue.account?.id);
  const users = useUsers();
  const fields = useCustomFields();
  const owner = users.data?.find((u) => u.id === account.data?.ownerUserId);
  const accountFields = fields.data?.filter((f) => f.object === "account") ?? [];
  const extra = Object.keys(account.data?.customFields ?? {}).filter((k) => !accountFields.some((f) => f.key === k));
  return (
    <section className="panel-section" aria-labelledby="account-title">
      <h2 id="account-title" className="panel-title">
        Customer
      </h2>
      {!issue.account && <p className="muted">No account linked.</p>}
      {issue.account && (
        <div className="account-card">
          <div className="account-name">
            <Link href={`/accounts/${issue.account.id}`} title="Open the account">
              <strong>{issue.account.name}</strong>
            </Link>
            <span className={`chip type-${account.data?.type ?? issue.account.type}`}>
              {account.data?.type ?? issue.account.type}
            </span>
            {account.data?.tier && <span className="chip">{account.data.tier}</span>}
          </div>
          {account.isError && <p className="inline-error">Account details did not load.</p>}
          <dl className="kv">
            <dt>Owner</dt>
            <dd>{account.isPending ? "…" : (owner?.name ?? "—")}</dd>
            {account.data?.renewalDate && <Row label="Renewal" value={account.data.renewalDate} />}
            {account.data?.tcv != null && <Row label="Contract value" value={account.data.tcv.toLocaleString()} />}
            {accountFields.map((f) => (
              <Row key={f.id} label={f.label} value={fieldDisplay(f, account.data?.customFields[f.key])} />
            ))}
            {extra.map((k) => (
              <Row key={k} label={k} value={fieldDisplay(undefined, account.data?.customFields[k])} />
            ))}
          </dl>
        </div>
      )}
      <div className="requester">
        <span className="muted">Requester</span>{" "}
        {issue.requester ? (
          <>
            <strong>{issue.requester.name}</strong>
            {issue.requester.email && <span className="muted"> · {issue.requester.email}</span>}
          </>
        ) : (
          "—"
        )}
      </div>
      {issue.account && <OtherIssues accountId={issue.account.id} current={issue.number} />}
    </section>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  );
}

function OtherIssues({ accountId, current }: { accountId: string; current: number }) {
  const issues = useAccountIssues(accountId);
  const others = issues.data?.filter((i) => i.number !== current) ?? [];
  return (
    <div className="other-issues">
      <h3 className="panel-subtitle">Other open issues</h3>
      {issues.isPending && <p className="muted">Loading…</p>}
      {issues.isError && <p className="inline-error">Did not load.</p>}
      {issues.isSuccess && others.length === 0 && <p className="muted">None.</p>}
      <ul>
        {others.map((i) => (
          <li key={i.id}>
            <PriorityIcon priority={i.priority} />
            <Link href={`/issues/${i.number}`}>
              #{i.number} {i.title}
            </Link>
            <StateBadge state={i.state} />
          </li>
        ))}
      </ul>
    </div>
  );
}
