// Proactive reach-out from an account: open an outbound issue to one of its contacts (the same
// POST /issues every new issue uses), or a broadcast draft addressed to this account alone.
import type { AccountOverview, Broadcast, Issue } from "@switchboard/api";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { useLocation } from "wouter";
import { request } from "../../api/client";
import { showError } from "../../ui/toasts";

export function ReachOut({ o }: { o: AccountOverview }) {
  const [open, setOpen] = useState(false);
  const [, navigate] = useLocation();
  const contacts = o.contacts.filter((c) => c.email);
  const [contactId, setContactId] = useState(contacts[0]?.id ?? "");
  const [title, setTitle] = useState(`Checking in with ${o.account.name}`);
  const [body, setBody] = useState(
    "Hi, we noticed a few rough edges in your recent conversations with us and wanted to check in. How are things going?",
  );
  const issue = useMutation({
    mutationFn: () =>
      request<Issue>("/issues", {
        method: "POST",
        body: { title, body, accountId: o.account.id, requesterContactId: contactId || null },
      }),
    onSuccess: (created) => navigate(`/issues/${created.number}`),
    onError: (e) => showError("Could not open the issue", e),
  });
  const broadcast = useMutation({
    mutationFn: () =>
      request<Broadcast>("/broadcasts", {
        method: "POST",
        body: {
          title,
          body,
          audience: { kind: "accounts", accountIds: [o.account.id] },
          channels: o.slackChannels.length > 0 ? "slack" : "email",
        },
      }),
    onSuccess: (created) => navigate(`/broadcasts/${created.id}`),
    onError: (e) => showError("Could not draft the broadcast", e),
  });
  if (!open)
    return (
      <button type="button" className="button" onClick={() => setOpen(true)}>
        Reach out
      </button>
    );
  return (
    <form
      className="reach-out"
      aria-label="Reach out"
      onSubmit={(e) => {
        e.preventDefault();
        issue.mutate();
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") setOpen(false);
      }}
    >
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
      </label>
      <label>
        To
        <select value={contactId} onChange={(e) => setContactId(e.target.value)}>
          {contacts.length === 0 && <option value="">No contact with an email</option>}
          {contacts.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name} · {c.email}
            </option>
          ))}
        </select>
      </label>
      <label>
        Message
        <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={4} required />
      </label>
      <div className="reach-out-actions">
        <button type="submit" className="button primary" disabled={issue.isPending || !title.trim() || !body.trim()}>
          Open outbound issue
        </button>
        <button type="button" className="button" disabled={broadcast.isPending} onClick={() => broadcast.mutate()}>
          Draft a broadcast instead
        </button>
        <button type="button" className="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
