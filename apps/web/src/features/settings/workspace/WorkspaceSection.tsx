// The workspace itself: its name, the company's email domains (colleagues, never customers),
// its time zone, and its plan tier (the AI-field limit reads it).
import type { WorkspaceSettings } from "@switchboard/api";
import { plans } from "@switchboard/api/vocabulary";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { Section } from "../Section";
import { useSettingsMutation } from "../useSettings";

type Patch = Partial<Omit<WorkspaceSettings, "id">>;
const save = (patch: Patch) => request<WorkspaceSettings>("/workspace", { method: "PATCH", body: patch });

export function WorkspaceSection() {
  const workspace = useQuery({
    queryKey: ["directory", "settings", "/workspace"],
    queryFn: ({ signal }) => request<WorkspaceSettings>("/workspace", { signal }),
  });
  return (
    <Section title="Workspace" description="Your company as Switchboard knows it.">
      {workspace.isPending ? (
        <p className="state-line" aria-busy="true">
          Loading the workspace…
        </p>
      ) : workspace.isError ? (
        <ErrorNotice error={workspace.error} onRetry={() => workspace.refetch()} />
      ) : (
        <WorkspaceForm key={JSON.stringify(workspace.data)} current={workspace.data} />
      )}
    </Section>
  );
}

function WorkspaceForm({ current }: { current: WorkspaceSettings }) {
  const canEdit = useCanEdit();
  const [name, setName] = useState(current.name);
  const [domains, setDomains] = useState(current.domains.join(", "));
  const [timeZone, setTimeZone] = useState(current.timeZone);
  const [plan, setPlan] = useState(current.plan);
  const mutation = useSettingsMutation(save);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      {
        name: name.trim(),
        domains: domains
          .split(/[\s,]+/)
          .map((d) => d.trim().replace(/^@/, ""))
          .filter(Boolean),
        timeZone: timeZone.trim(),
        plan,
      },
      { onSuccess: () => showToast("Workspace saved.") },
    );
  };
  return (
    <form className="account-card workspace-form" onSubmit={submit} aria-label="Workspace settings">
      <fieldset disabled={!canEdit}>
        <div className="field">
          <label>
            <span>Name</span>
            <input name="workspace-name" required value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>Email domains</span>
            <input name="domains" required value={domains} onChange={(e) => setDomains(e.target.value)} />
          </label>
          <span className="password-hint">
            Comma-separated. People writing from these domains are colleagues: their mail is never taken for a
            customer's.
          </span>
        </div>
        <div className="field">
          <label>
            <span>Time zone</span>
            <input name="time-zone" required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
          </label>
          <span className="password-hint">An IANA name, like Europe/Berlin or America/New_York.</span>
        </div>
        <label className="field">
          <span>Plan tier</span>
          <select name="plan" value={plan} onChange={(e) => setPlan(e.target.value as WorkspaceSettings["plan"])}>
            {plans.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
        {mutation.isError && <ErrorNotice error={mutation.error} />}
        {canEdit && (
          <button type="submit" className="button primary" disabled={mutation.isPending}>
            Save workspace
          </button>
        )}
      </fieldset>
    </form>
  );
}
