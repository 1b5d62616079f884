// A kanban card: what an agent needs to pick the next issue without opening it.
import { useDraggable } from "@dnd-kit/core";
import type { MouseEvent } from "react";
import type { Issue } from "../../../api/types";
import { ageLabel, dateLabel } from "../../../ui/time";
import { ChannelIcon, Initials, PriorityIcon } from "../../issueDisplay/IssueBadges";
import { slackChannelName } from "../../issueDisplay/slack";
import { DraftMark } from "../../loop/DraftMark";
import { aiBadgeTitle } from "../../routing/routeSummary";
import { SlaBadge } from "../../sla/SlaBadge";
import { issuePath } from "../issueLink";

type Props = { issue: Issue; selected?: boolean; checked?: boolean; overlay?: boolean };
type DraggableProps = Props & { movable: boolean; onSelect: () => void; onOpen: (event: MouseEvent) => void };

export function DraggableCard({ issue, selected, checked, movable, onSelect, onOpen }: DraggableProps) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({
    id: issue.id,
    data: { issue },
    disabled: !movable,
  });
  // The card is a link (open in a new tab, copy link); dnd-kit's role="button" would hide that.
  const { role: _button, ...dragAttributes } = attributes;
  return (
    <a
      ref={setNodeRef}
      {...dragAttributes}
      {...listeners}
      href={issuePath(issue.number)}
      draggable={false}
      className={`card-slot${isDragging ? " dragging" : ""}`}
      data-issue={issue.number}
      onClick={onOpen}
      onMouseMove={onSelect}
    >
      <IssueCard issue={issue} selected={selected} checked={checked} />
    </a>
  );
}

export function IssueCard({ issue, selected, checked, overlay }: Props) {
  const aiSet = issue.prioritySetBy === "ai" || Boolean(issue.assigneeAgentId) || Boolean(issue.route);
  return (
    <article className={`card${selected ? " selected" : ""}${checked ? " checked" : ""}${overlay ? " overlay" : ""}`}>
      <div className="card-top">
        {checked ? (
          <span className="bulk-check">
            ✓<span className="visually-hidden">Selected</span>
          </span>
        ) : (
          <PriorityIcon priority={issue.priority} />
        )}
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
        {issue.channel === "slack" && <span className="muted"> · {slackChannelName(issue.source)}</span>}
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
