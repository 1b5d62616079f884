// Create or edit a view: name, owner (personal / team / workspace), layout, sort, and the
// conditions of its filter, in the condition editor triggers use too. The server validates
// again; its message is shown as-is.
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { View, ViewInput, ViewLayout, ViewSort } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showToast } from "../../ui/toasts";
import { useAccounts, useCustomFields, useTags, useTeams, useUsers } from "../directory/useDirectory";
import { type Choices, ConditionEditor, conditionProblem } from "../settings/triggers/ConditionEditor";
import { fieldCatalog } from "../settings/triggers/catalog";
import { type ConditionNode, topLevel } from "../settings/triggers/model";
import { useDeleteView, useSaveView } from "./useViews";

type Props = { view: View | null; onClose: () => void; onSaved: (view: View) => void };

const SORTS: [ViewSort, string][] = [
  ["priority", "Priority, then oldest"],
  ["oldest", "Oldest first"],
  ["newest", "Newest first"],
  ["updated", "Recently updated"],
  ["sla_due", "SLA due first"],
];

export function ViewEditor({ view, onClose, onSaved }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const teams = useTeams();
  const save = useSaveView();
  const remove = useDeleteView();
  const [name, setName] = useState(view?.name ?? "");
  const [ownerType, setOwnerType] = useState<View["ownerType"]>(view?.ownerType ?? "user");
  const [ownerTeamId, setOwnerTeamId] = useState(view?.ownerTeamId ?? "");
  const [layout, setLayout] = useState<ViewLayout>(view?.layout ?? "kanban");
  const [sort, setSort] = useState<ViewSort>(view?.sort ?? "priority");
  const start = topLevel(view?.filter ?? { all: [] });
  const [match, setMatch] = useState<"all" | "any">(start.match);
  const [conditions, setConditions] = useState<ConditionNode[]>(start.items);
  const { catalog, choices } = useConditionChoices();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const firstProblem =
      (ownerType === "team" && !ownerTeamId ? "Pick the team that owns this view." : null) ??
      conditionProblem(conditions) ??
      null;
    setProblem(firstProblem);
    if (firstProblem) return;
    const input: ViewInput = {
      name: name.trim(),
      ownerType,
      ownerTeamId: ownerType === "team" ? ownerTeamId : null,
      layout,
      sort,
      filter: match === "any" ? { any: conditions } : { all: conditions },
    };
    save.mutate({ id: view?.id ?? null, input }, { onSuccess: onSaved });
  };
  const destroy = () => {
    if (!view || !window.confirm(`Delete the view “${view.name}”?`)) return;
    remove.mutate(view.id, {
      onSuccess: () => {
        showToast(`Deleted “${view.name}”`);
        onClose();
      },
    });
  };

  return (
    <dialog ref={ref} className="dialog view-editor" aria-labelledby="view-editor-title" onClose={onClose}>
      <form onSubmit={submit}>
        <header className="dialog-head">
          <h2 id="view-editor-title">{view ? "Edit view" : "New view"}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="form-grid">
          <label className="field">
            <span>Name</span>
            <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          </label>
          <label className="field">
            <span>Owner</span>
            <select
              value={ownerType}
              disabled={Boolean(view)}
              onChange={(e) => setOwnerType(e.target.value as View["ownerType"])}
            >
              <option value="user">Personal (only me)</option>
              <option value="team">Team</option>
              <option value="workspace">Workspace (everyone)</option>
            </select>
          </label>
          {ownerType === "team" && (
            <label className="field">
              <span>Team</span>
              <select value={ownerTeamId} disabled={Boolean(view)} onChange={(e) => setOwnerTeamId(e.target.value)}>
                <option value="">Pick a team…</option>
                {teams.data?.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="field">
            <span>Layout</span>
            <select value={layout} onChange={(e) => setLayout(e.target.value as ViewLayout)}>
              <option value="kanban">Board (kanban)</option>
              <option value="list">List</option>
            </select>
          </label>
          <label className="field">
            <span>Sort</span>
            <select value={sort} onChange={(e) => setSort(e.target.value as ViewSort)}>
              {SORTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ConditionEditor
          context="issue"
          match={match}
          items={conditions}
          catalog={catalog}
          choices={choices}
          onChange={(m, next) => {
            setMatch(m);
            setConditions(next);
          }}
        />
        {problem && (
          <p className="inline-error" role="alert">
            {problem}
          </p>
        )}
        {save.isError && <ErrorNotice error={save.error} />}
        {remove.isError && <ErrorNotice error={remove.error} />}
        <footer className="dialog-foot">
          {view && (
            <button type="button" className="button danger" onClick={destroy} disabled={remove.isPending}>
              Delete view
            </button>
          )}
          <span className="grow" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : view ? "Save view" : "Create view"}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

/** The fields views can test, and the people, teams, tags and accounts their values name. */
function useConditionChoices(): { catalog: ReturnType<typeof fieldCatalog>; choices: Choices } {
  const teams = useTeams();
  const users = useUsers();
  const tags = useTags();
  const accounts = useAccounts();
  const fields = useCustomFields();
  return {
    catalog: fieldCatalog(fields.data ?? [], "issue"),
    choices: {
      teams: (teams.data ?? []).map((t) => ({ value: t.id, label: t.name })),
      users: (users.data ?? []).map((u) => ({ value: u.id, label: u.name })),
      tags: (tags.data ?? []).map((t) => ({ value: t.name, label: t.name })),
      accounts: (accounts.data ?? []).map((a) => ({ value: a.id, label: a.name })),
    },
  };
}
