// Create or edit a view: name, owner (personal / team / workspace), layout, sort, and the
// conditions of its filter. The server validates again; its message is shown as-is.
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { Condition, View, ViewInput, ViewLayout, ViewSort } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showToast } from "../../ui/toasts";
import { useTeams } from "../directory/useDirectory";
import { ConditionRow } from "./ConditionRow";
import { blankCondition, problemOf } from "./conditions";
import { useDeleteView, useSaveView } from "./useViews";

type Props = { view: View | null; onClose: () => void; onSaved: (view: View) => void };

const SORTS: [ViewSort, string][] = [
  ["priority", "Priority, then oldest"],
  ["oldest", "Oldest first"],
  ["newest", "Newest first"],
  ["updated", "Recently updated"],
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
  const [match, setMatch] = useState<"all" | "any">(view?.filter.match ?? "all");
  const [conditions, setConditions] = useState<Condition[]>(view?.filter.conditions ?? []);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    ref.current?.showModal();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const firstProblem =
      (ownerType === "team" && !ownerTeamId ? "Pick the team that owns this view." : null) ??
      conditions.map(problemOf).find((p) => p !== null) ??
      null;
    setProblem(firstProblem);
    if (firstProblem) return;
    const input: ViewInput = {
      name: name.trim(),
      ownerType,
      ownerTeamId: ownerType === "team" ? ownerTeamId : null,
      layout,
      sort,
      filter: { match, conditions },
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
  const setAt = (i: number, c: Condition) => setConditions((all) => all.map((x, j) => (j === i ? c : x)));

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
        <fieldset className="conditions">
          <legend>
            Issues matching{" "}
            <select
              aria-label="Match"
              value={match}
              onChange={(e) => setMatch(e.target.value === "any" ? "any" : "all")}
            >
              <option value="all">all</option>
              <option value="any">any</option>
            </select>{" "}
            of these conditions
          </legend>
          {conditions.length === 0 && <p className="muted">No conditions: every issue in the workspace.</p>}
          {conditions.map((c, i) => (
            <ConditionRow
              // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity of their own
              key={i}
              index={i}
              condition={c}
              onChange={(next) => setAt(i, next)}
              onRemove={() => setConditions((all) => all.filter((_, j) => j !== i))}
            />
          ))}
          <button
            type="button"
            className="button small"
            onClick={() => setConditions((all) => [...all, blankCondition("team")])}
          >
            + Add condition
          </button>
        </fieldset>
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
