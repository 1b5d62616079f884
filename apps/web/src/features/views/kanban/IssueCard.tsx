// A kanban card: what an agent needs to pick the next issue without opening it.
import { useDraggable } from "@dnd-kit/core";
import { useLocation } from "wouter";
import type { Issue } from "../../../api/types";
import { ageLabel, dateLabel } from "../../../ui/time";
import { ChannelIcon, Initials, PriorityIcon } from "../../issueDisplay/IssueBadges";
import { DraftMark } from "../../loop/DraftMark";
import { aiBadgeTitle } from "../../routing/routeSummary";
import { SlaBadge } from "../../sla/SlaBadge";

type Props = { issue: Issue; selected?: boolean; overlay?: boolean; onSelect?: () => void };

export function DraggableCard({ issue, selected, onSelect }: Props) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: issue.id, data: { issue } });
  const [, navigate] = useLocation();
  return (
    // dnd-kit's attributes make this a focusable role="button" (Space picks up, Enter opens);
    // a real <button> cannot hold the card's block content.
    // biome-ignore lint/a11y/noStaticElementInteractions: role and tabIndex come from {...attributes}
    <div
      ref={setNodeRef}
      {...attributes}
      {...listeners}
      className={`card-slot${isDragging ? " dragging" : ""}`}
      data-issue={issue.number}
      onClick={() => navigate(`/issues/${issue.number}`)}
      onKeyDown={(e) => e.key === "Enter" && navigate(`/issues/${issue.number}`)}
      onMouseMove={onSelect}
    >
      <IssueCard issue={issue} selected={selected} />
    </div>
  );
}

export function IssueCard({ issue, selected, overlay }: Props) {
  const aiSet = issue.prioritySetBy === "ai" || Boolean(issue.assigneeAgentId) || Boolean(issue.route);
  return (
    <article className={`card${selected ? " selected" : ""}${overlay ? " overlay" : ""}`}>
      <div className="card-top">
        <PriorityIcon priority={issue.priority} />
        <span className="muted">#{issue.number}</span>
        <ChannelIcon channel={issue.channel} />
        {aiSet && (
          <span className="ai-badge" title={aiBadgeTitle(issue)}>
            AI
          </span>
        )}
        <DraftMark number={issue.number} />
        <time className="card-age muted" dateTime={issue.createdAt} title={dateLabel(issue.createdAt)}>
          {ageLabel(issue.createdAt)}
        </time>
      </div>
      <div className="card-title">{issue.title}</div>
      <div className="card-meta">
        <span className="card-account">{issue.account?.name ?? "No account"}</span>
        {issue.requester && <span className="muted"> · {issue.requester.name}</span>}
      </div>
      <div className="card-foot">
        <span className="chip">{issue.team?.name ?? "No team"}</span>
        <SlaBadge sla={issue.sla} />
        {issue.assignee ? (
          <span className="card-assignee">
            <Initials name={issue.assignee.name} />
            <span className="visually-hidden">Assigned to {issue.assignee.name}</span>
          </span>
        ) : (
          <span className="muted small">Unassigned</span>
        )}
      </div>
    </article>
  );
}
