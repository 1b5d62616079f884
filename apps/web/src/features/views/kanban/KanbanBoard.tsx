// The priority-ordered board: one column per state, cards as the server orders them (priority,
// then oldest first). Dropping a card in another column changes its state through the same
// PATCH as everywhere else, optimistically; a refusal puts the card back and says why.
import {
  DndContext,
  type DragEndEvent,
  DragOverlay,
  type DragStartEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { useEffect, useState } from "react";
import { useLocation } from "wouter";
import type { Issue, IssueState, View } from "../../../api/types";
import { useCanWrite } from "../../auth/useCanWrite";
import { BulkBar } from "../../bulk/BulkBar";
import { useBulkSelection } from "../../bulk/useBulkSelection";
import { focusedIssue } from "../../issue/focus";
import { useIssueHotkeys } from "../../issue/useIssueHotkeys";
import { useUpdateIssue } from "../../issue/useUpdateIssue";
import { useQueueSource } from "../../loop/useQueueSource";
import { useHotkeys } from "../../shortcuts/hotkeys";
import { useIssueLinkClick } from "../issueLink";
import { useViewIssues } from "../useViews";
import { IssueCard } from "./IssueCard";
import { KanbanColumn } from "./KanbanColumn";
import "./kanban.css";

const ENTER = "Enter";

const LABELS: Record<IssueState, string> = {
  new: "New",
  on_you: "On You",
  on_customer: "On Customer",
  on_hold: "On Hold",
  closed: "Closed today",
};

/** The agent's midnight, as an instant: the closed column shows what was closed since. */
function startOfToday(): string {
  const midnight = new Date();
  midnight.setHours(0, 0, 0, 0);
  return midnight.toISOString();
}

export function KanbanBoard({ view }: { view: View }) {
  const columns = {
    new: useViewIssues(view.id, "new"),
    on_you: useViewIssues(view.id, "on_you"),
    on_customer: useViewIssues(view.id, "on_customer"),
    on_hold: useViewIssues(view.id, "on_hold"),
    closed: useViewIssues(view.id, "closed", 20, startOfToday()),
  };
  const states = Object.keys(columns) as IssueState[];
  const ordered = states.flatMap((s) => columns[s].data?.pages.flatMap((p) => p.items) ?? []);
  const [selected, setSelected] = useState<number | null>(null);
  const [dragging, setDragging] = useState<Issue | null>(null);
  const [, navigate] = useLocation();
  const update = useUpdateIssue();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    // Space picks a card up; Enter is the link's own (it opens the issue).
    useSensor(KeyboardSensor, { keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] } }),
  );

  useQueueSource(
    ordered.map((i) => i.number),
    selected,
    setSelected,
  );
  useEffect(() => focusedIssue.set(selected), [selected]);
  useEffect(() => () => focusedIssue.set(null), []);
  const move = (step: number) => {
    const at = ordered.findIndex((i) => i.number === selected);
    const next = ordered[Math.max(0, Math.min(ordered.length - 1, at + step))];
    if (next) setSelected(next.number);
  };
  useHotkeys({ j: () => move(1), k: () => move(-1), [ENTER]: () => selected && navigate(`/issues/${selected}`) });
  useIssueHotkeys(selected);
  const numbers = ordered.map((i) => i.number);
  const checked = useBulkSelection(numbers, selected);
  const onOpen = useIssueLinkClick(numbers);
  const write = useCanWrite();

  const onDragStart = ({ active }: DragStartEvent) => {
    const issue = active.data.current?.issue as Issue | undefined;
    setDragging(issue ?? null);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(null);
    const issue = active.data.current?.issue as Issue | undefined;
    const to = over?.id;
    if (!issue || typeof to !== "string" || !(to in LABELS) || to === issue.state) return;
    const state = to as IssueState;
    update.mutate({
      number: issue.number,
      patch: { state },
      label: `Could not move #${issue.number} to ${state === "closed" ? "Closed" : LABELS[state]}`,
    });
  };

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDragging(null)}
    >
      <div className="board">
        {states.map((state) => (
          <KanbanColumn
            key={state}
            state={state}
            label={LABELS[state]}
            query={columns[state]}
            selected={selected}
            checked={checked}
            movable={write.can}
            onSelect={setSelected}
            onOpen={onOpen}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>{dragging && <IssueCard issue={dragging} overlay />}</DragOverlay>
      <BulkBar />
    </DndContext>
  );
}
