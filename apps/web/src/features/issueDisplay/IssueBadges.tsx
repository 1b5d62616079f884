// Compact visual markers for an issue: state, priority, channel, a person's initials.
import type { Channel, IssueState, Priority } from "../../api/types";
import { CHANNEL_LABELS, PRIORITY_LABELS, STATE_LABELS } from "./labels";

export function StateBadge({ state }: { state: IssueState }) {
  return <span className={`badge state-${state}`}>{STATE_LABELS[state]}</span>;
}

export function PriorityLabel({ priority }: { priority: Priority }) {
  return (
    <span className={`priority priority-${priority}`}>
      <span className="priority-dot" aria-hidden="true" />
      {priority === "none" ? <span className="muted">—</span> : PRIORITY_LABELS[priority]}
      {priority === "none" && <span className="visually-hidden">{PRIORITY_LABELS.none}</span>}
    </span>
  );
}

const CHANNEL_ICONS: Record<Channel, string> = { slack: "#", email: "✉", widget: "◔", portal: "▤", api: "⌁" };

export function ChannelIcon({ channel }: { channel: Channel }) {
  return (
    <span
      className={`channel-icon channel-${channel}`}
      title={CHANNEL_LABELS[channel]}
      role="img"
      aria-label={CHANNEL_LABELS[channel]}
    >
      {CHANNEL_ICONS[channel]}
    </span>
  );
}

/** A compact priority glyph for cards and rows; the label stays available to screen readers. */
export function PriorityIcon({ priority }: { priority: Priority }) {
  return (
    <span
      className={`priority-icon priority-${priority}`}
      title={PRIORITY_LABELS[priority]}
      role="img"
      aria-label={PRIORITY_LABELS[priority]}
    >
      {priority === "urgent" ? "!" : priority === "none" ? "–" : ""}
      {priority !== "urgent" && priority !== "none" && <Bars priority={priority} />}
    </span>
  );
}

function Bars({ priority }: { priority: "high" | "medium" | "low" }) {
  const filled = priority === "high" ? 3 : priority === "medium" ? 2 : 1;
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      {[0, 1, 2].map((i) => (
        <rect
          key={i}
          x={1 + i * 4}
          y={8 - i * 3}
          width="2.5"
          height={3 + i * 3}
          rx="0.5"
          opacity={i < filled ? 1 : 0.25}
        />
      ))}
    </svg>
  );
}

export function Initials({ name }: { name: string }) {
  const letters = name
    .split(/\s+/)
    .map((part) => part[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();
  return (
    <span className="initials" title={name} aria-hidden="true">
      {letters}
    </span>
  );
}
