// One state column: a drop target listing the view's issues in that state, in server order.
import { useDroppable } from "@dnd-kit/core";
import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import type { MouseEvent } from "react";
import type { IssueState } from "../../../api/types";
import type { IssuePages } from "../../issue/cache";
import { DraggableCard } from "./IssueCard";

type Props = {
  state: IssueState;
  label: string;
  query: UseInfiniteQueryResult<IssuePages>;
  selected: number | null;
  checked: readonly number[];
  /** Cards can be dragged to another state (not for a viewer). */
  movable: boolean;
  onSelect: (number: number) => void;
  onOpen: (event: MouseEvent, number: number) => void;
};

export function KanbanColumn({ state, label, query, selected, checked, movable, onSelect, onOpen }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: state });
  const issues = query.data?.pages.flatMap((p) => p.items) ?? [];
  const count = query.hasNextPage ? `${issues.length}+` : String(issues.length);
  return (
    <section ref={setNodeRef} className={`column${isOver ? " over" : ""}`} aria-label={label} data-state={state}>
      <header className="column-head">
        <span className={`dot state-dot-${state}`} aria-hidden="true" />
        <h2>{label}</h2>
        <span className="muted">{query.isPending ? "" : count}</span>
      </header>
      <div className="column-body">
        {query.isPending && [0, 1, 2].map((i) => <div key={i} className="skeleton-card" aria-hidden="true" />)}
        {query.isError && (
          <div className="notice error" role="alert">
            <span>Could not load.</span>
            <button type="button" className="button small" onClick={() => query.refetch()}>
              Retry
            </button>
          </div>
        )}
        {query.isSuccess && issues.length === 0 && <p className="column-empty">No issues</p>}
        {issues.map((issue) => (
          <DraggableCard
            key={issue.id}
            issue={issue}
            selected={issue.number === selected}
            checked={checked.includes(issue.number)}
            movable={movable}
            onSelect={() => onSelect(issue.number)}
            onOpen={(e) => onOpen(e, issue.number)}
          />
        ))}
        {query.hasNextPage && (
          <button
            type="button"
            className="link-button"
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        )}
      </div>
    </section>
  );
}
