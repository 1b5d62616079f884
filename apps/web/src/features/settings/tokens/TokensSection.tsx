// API tokens for scripts and integrations. The secret is shown once, right after creation
// (only its hash is stored); revoking stops it working immediately.
import { useState } from "react";
import type { Person } from "../../../api/types";
import { ageLabel, dateLabel } from "../../../ui/time";
import { showError, showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { type ApiToken, PATHS, revokeToken } from "../api";
import { AdminsOnly, type Column, ResourceTable } from "../ResourceTable";
import { Section } from "../Section";
import { useSettingsList, useSettingsMutation } from "../useSettings";
import { TokenDialog } from "./TokenDialog";

export function TokensSection() {
  const canEdit = useCanEdit();
  // Members are refused by the server; do not ask.
  const tokens = useSettingsList<ApiToken>(PATHS.tokens, canEdit);
  const users = useSettingsList<Person>(PATHS.users, canEdit);
  const [creating, setCreating] = useState(false);
  const revoke = useSettingsMutation((token: ApiToken) => revokeToken(token.id));

  const columns: Column<ApiToken>[] = [
    { header: "Name", cell: (t) => <strong>{t.name}</strong> },
    {
      header: "Created by",
      cell: (t) => users.data?.find((u) => u.id === t.userId)?.name ?? <span className="muted">—</span>,
    },
    { header: "Created", cell: (t) => <time title={dateLabel(t.createdAt)}>{ageLabel(t.createdAt)} ago</time> },
    {
      header: "Last used",
      cell: (t) =>
        t.lastUsedAt ? (
          <time title={dateLabel(t.lastUsedAt)}>{ageLabel(t.lastUsedAt)} ago</time>
        ) : (
          <span className="muted">Never</span>
        ),
    },
    {
      header: "Status",
      cell: (t) =>
        t.revokedAt ? (
          <span className="badge status-off" title={dateLabel(t.revokedAt)}>
            Revoked
          </span>
        ) : (
          <span className="badge status-on">Active</span>
        ),
    },
    {
      header: "Actions",
      className: "actions",
      cell: (t) =>
        t.revokedAt ? null : (
          <button
            type="button"
            className="button small danger"
            aria-label={`Revoke ${t.name}`}
            disabled={revoke.isPending}
            onClick={() => {
              if (!window.confirm(`Revoke “${t.name}”? Anything using it stops working at once.`)) return;
              revoke.mutate(t, {
                onSuccess: () => showToast(`Revoked “${t.name}”.`),
                onError: (e) => showError("Could not revoke the token", e),
              });
            }}
          >
            Revoke
          </button>
        ),
    },
  ];

  return (
    <Section
      title="API tokens"
      description="Bearer tokens for the REST API (/api/v1) — scripts, integrations, the CLI. They act with admin rights in this workspace."
      action={
        canEdit && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New token
          </button>
        )
      }
    >
      {canEdit ? (
        <ResourceTable
          label="API tokens"
          noun="API tokens"
          query={tokens}
          columns={columns}
          rowKey={(t) => t.id}
          empty="No API tokens yet."
        />
      ) : (
        <AdminsOnly />
      )}
      {creating && <TokenDialog onClose={() => setCreating(false)} />}
    </Section>
  );
}
