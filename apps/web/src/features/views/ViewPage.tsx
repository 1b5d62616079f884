// One view: its name and open count, the list/board toggle, and the issues in that layout.
import { viewLayouts } from "@switchboard/api/vocabulary";
import type { View, ViewLayout } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useStore } from "../../ui/store";
import { IssueList, SkeletonRows } from "./IssueList";
import { KanbanBoard } from "./kanban/KanbanBoard";
import { layoutOverrides, setLayoutOverride } from "./layoutMemory";
import { useViewCounts, useViewIssues, useViews } from "./useViews";
import "./views.css";

type Props = { id: string; onEdit: (view: View) => void };

export function ViewPage({ id, onEdit }: Props) {
  const views = useViews();
  const counts = useViewCounts();
  const overrides = useStore(layoutOverrides);
  const view = views.data?.find((v) => v.id === id);

  if (views.isPending) return <SkeletonRows />;
  if (views.isError) return <ErrorNotice error={views.error} onRetry={() => views.refetch()} />;
  if (!view) return <p className="state-line empty">This view no longer exists, or is not shared with you.</p>;

  const layout = overrides[id] ?? view.layout;
  return (
    <section className="view-page" aria-labelledby="view-title">
      <header className="page-head">
        <h1 id="view-title">{view.name}</h1>
        <span className="muted">{counts.data?.[id] ?? "…"} open</span>
        <div className="page-head-actions">
          <LayoutToggle value={layout} onChange={(l) => setLayoutOverride(id, l)} />
          <button type="button" className="button small" onClick={() => onEdit(view)}>
            Edit view
          </button>
        </div>
      </header>
      {layout === "kanban" ? <KanbanBoard view={view} /> : <ViewList viewId={id} />}
    </section>
  );
}

function ViewList({ viewId }: { viewId: string }) {
  const query = useViewIssues(viewId, "all");
  return <IssueList query={query} empty="No issues match this view." />;
}

function LayoutToggle({ value, onChange }: { value: ViewLayout; onChange: (layout: ViewLayout) => void }) {
  return (
    <div className="segmented" role="toolbar" aria-label="Layout">
      {viewLayouts.map((layout) => (
        <button
          key={layout}
          type="button"
          aria-pressed={value === layout}
          className={value === layout ? "active" : undefined}
          onClick={() => onChange(layout)}
        >
          {layout === "list" ? "List" : "Board"}
        </button>
      ))}
    </div>
  );
}
