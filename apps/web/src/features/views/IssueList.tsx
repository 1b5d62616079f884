// The dense list layout: one row per issue (a link), j/k to move, Enter to open, the issue
// shortcuts (a, e, 1–4, p, r, n) on the selected row, and x / shift-click to select for a bulk change.
import type { UseInfiniteQueryResult } from "@tanstack/react-query";
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import type { Issue } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useStore } from "../../ui/store";
import { ageLabel, dateLabel } from "../../ui/time";
import { BulkBar } from "../bulk/BulkBar";
import { selection } from "../bulk/selection";
import { useBulkSelection } from "../bulk/useBulkSelection";
import type { IssuePages } from "../issue/cache";
import { focusedIssue } from "../issue/focus";
import { useIssueHotkeys } from "../issue/useIssueHotkeys";
import { ChannelIcon, Initials, PriorityIcon, StateBadge } from "../issueDisplay/IssueBadges";
import { DraftMark } from "../loop/DraftMark";
import { useQueueSource } from "../loop/useQueueSource";
import { useHotkeys } from "../shortcuts/hotkeys";
import { SlaBadge } from "../sla/SlaBadge";
import { issuePath, useIssueLinkClick } from "./issueLink";

const ENTER = "Enter";

type Props = { query: UseInfiniteQueryResult<IssuePages>; empty: string };

export function IssueList({ query, empty }: Props) {
  const issues = query.data?.pages.flatMap((p) => p.items) ?? [];
  const [index, setIndex] = useState(0);
  const [, navigate] = useLocation();
  const selected = issues[Math.min(index, issues.length - 1)];
  const listRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    focusedIssue.set(selected?.number ?? null);
    listRef.current?.querySelector(".row.selected")?.scrollIntoView({ block: "nearest" });
  }, [selected?.number]);
  useEffect(() => () => focusedIssue.set(null), []);

  useQueueSource(
    issues.map((i) => i.number),
    selected?.number ?? null,
    (number) =>
      setIndex(
        Math.max(
          0,
          issues.findIndex((i) => i.number === number),
        ),
      ),
  );
  useHotkeys({
    j: () => setIndex((i) => Math.min(i + 1, issues.length - 1)),
    k: () => setIndex((i) => Math.max(i - 1, 0)),
    [ENTER]: () => selected && navigate(`/issues/${selected.number}`),
  });
  useIssueHotkeys(selected?.number ?? null);
  const numbers = issues.map((i) => i.number);
  useBulkSelection(numbers, selected?.number ?? null);
  const checked = useStore(selection).numbers;
  const onClick = useIssueLinkClick(numbers);

  if (query.isPending) return <SkeletonRows />;
  if (query.isError) return <ErrorNotice error={query.error} onRetry={() => query.refetch()} />;
  if (issues.length === 0) return <p className="state-line empty">{empty}</p>;
  return (
    <div className="issue-list-wrap">
      <ol className="issue-list" ref={listRef} aria-label="Issues">
        {issues.map((issue, i) => (
          <Row
            key={issue.id}
            issue={issue}
            selected={issue.id === selected?.id}
            checked={checked.includes(issue.number)}
            onHover={() => setIndex(i)}
            onClick={(e) => onClick(e, issue.number)}
          />
        ))}
      </ol>
      <BulkBar />
      {query.hasNextPage && (
        <div className="load-more">
          <button
            type="button"
            className="button"
            onClick={() => query.fetchNextPage()}
            disabled={query.isFetchingNextPage}
          >
            {query.isFetchingNextPage ? "Loading…" : "Load more"}
          </button>
        </div>
      )}
    </div>
  );
}

type RowProps = {
  issue: Issue;
  selected: boolean;
  checked: boolean;
  onHover: () => void;
  onClick: (event: MouseEvent) => void;
};

function Row({ issue, selected, checked, onHover, onClick }: RowProps) {
  return (
    <li aria-current={selected || undefined}>
      <a
        href={issuePath(issue.number)}
        className={`row${selected ? " selected" : ""}${checked ? " checked" : ""}`}
        onMouseMove={selected ? undefined : onHover}
        onClick={onClick}
        draggable={false}
      >
        <span className="row-mark">
          {checked ? (
            <span className="bulk-check">
              ✓<span className="visually-hidden">Selected</span>
            </span>
          ) : (
            <PriorityIcon priority={issue.priority} />
          )}
        </span>
        <span className="row-number muted">#{issue.number}</span>
        <span className="row-title">
          <DraftMark number={issue.number} />
          {issue.title}
        </span>
        <span className="row-account">
          <SlaBadge sla={issue.sla} /> {issue.account?.name ?? <span className="muted">No account</span>}
          {issue.requester && <span className="muted"> · {issue.requester.name}</span>}
        </span>
        <ChannelIcon channel={issue.channel} />
        <StateBadge state={issue.state} />
        <span className="row-team muted">{issue.team?.name ?? "—"}</span>
        <span className="row-assignee">
          {issue.assignee ? (
            <Initials name={issue.assignee.name} />
          ) : (
            <span className="initials none" title="Unassigned" />
          )}
        </span>
        <time className="row-age muted" dateTime={issue.createdAt} title={dateLabel(issue.createdAt)}>
          {ageLabel(issue.createdAt)}
        </time>
      </a>
    </li>
  );
}

export function SkeletonRows({ count = 8 }: { count?: number }) {
  return (
    <div className="skeleton-list" role="status" aria-busy="true" aria-label="Loading issues">
      {Array.from({ length: count }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders, never reordered
        <div key={i} className="skeleton-row" />
      ))}
    </div>
  );
}
