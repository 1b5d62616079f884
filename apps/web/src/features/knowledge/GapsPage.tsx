// Knowledge gaps, the weekly review: questions agents marked as having no good article, grouped
// by similar question and ranked by how often they were asked. Filter by week and status,
// dismiss in bulk, or generate a draft article and open it in the editor.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { listUsers } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showError } from "../../ui/toasts";
import {
  assignGaps,
  fetchAcceptance,
  fetchGaps,
  type GapGroup,
  generateFromGap,
  generateFromIssues,
  setGapStatus,
} from "./api";

/** Monday of the week `weeksAgo` weeks back, as YYYY-MM-DD (UTC). */
function weekStart(weeksAgo: number) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7 * weeksAgo);
  return d.toISOString().slice(0, 10);
}

export function GapsPage() {
  const [status, setStatus] = useState("open");
  const [week, setWeek] = useState("");
  const [assignee, setAssignee] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const gaps = useQuery({
    queryKey: ["kb-gaps", status, week, assignee],
    queryFn: () => fetchGaps(status, week, assignee),
  });
  const people = useQuery({ queryKey: ["users"], queryFn: ({ signal }) => listUsers(signal) });
  const nameOf = (id: string | null) => people.data?.items.find((p) => p.id === id)?.name;
  const assign = useMutation({
    mutationFn: (to: string | null) => assignGaps([...picked], to),
    onSuccess: () => {
      setPicked(new Set());
      refresh();
    },
    onError: (error) => showError("Could not assign", error),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["kb-gaps"] });
  const dismiss = useMutation({
    mutationFn: () => setGapStatus([...picked], "dismissed"),
    onSuccess: () => {
      setPicked(new Set());
      refresh();
    },
    onError: (error) => showError("Could not dismiss", error),
  });
  const generate = useMutation({
    mutationFn: (group: GapGroup) => generateFromGap(group.gaps[0]?.id ?? ""),
    onSuccess: (article) => {
      refresh();
      navigate(`/knowledge/${article.id}`);
    },
    onError: (error) => showError("Could not generate an article", error),
  });
  const ids = (g: GapGroup) => g.gaps.map((x) => x.id);
  const toggle = (g: GapGroup) => {
    const next = new Set(picked);
    const all = ids(g).every((id) => next.has(id));
    for (const id of ids(g)) all ? next.delete(id) : next.add(id);
    setPicked(next);
  };

  return (
    <div className="kb-gaps">
      <div className="kb-list-head">
        <h1>Knowledge gaps</h1>
        <Link href="/knowledge">Knowledge base</Link>
      </div>
      <div className="kb-meta">
        <label>
          Status{" "}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="open">Open</option>
            <option value="drafted">Article drafted</option>
            <option value="published">Published</option>
            <option value="dismissed">Dismissed</option>
            <option value="">All</option>
          </select>
        </label>
        <label>
          Week{" "}
          <select value={week} onChange={(e) => setWeek(e.target.value)}>
            <option value="">Any time</option>
            {[0, 1, 2, 3].map((n) => (
              <option key={n} value={weekStart(n)}>
                {n === 0 ? "This week" : n === 1 ? "Last week" : `${n} weeks ago`} ({weekStart(n)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Assigned to{" "}
          <select value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value="">Anyone</option>
            {people.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="kb-meta">
        <button
          type="button"
          className="button small"
          disabled={picked.size === 0 || dismiss.isPending}
          onClick={() => dismiss.mutate()}
        >
          Dismiss selected ({picked.size})
        </button>
        <label>
          Assign selected to{" "}
          <select
            value=""
            disabled={picked.size === 0 || assign.isPending}
            onChange={(e) => e.target.value && assign.mutate(e.target.value === "-" ? null : e.target.value)}
          >
            <option value="">Choose…</option>
            <option value="-">Nobody</option>
            {people.data?.items.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <span className="grow" />
        <FromIssues onDrafted={(id) => navigate(`/knowledge/${id}`)} />
      </div>
      <AcceptanceLine />
      {gaps.isPending && <p className="state-line">Loading gaps…</p>}
      {gaps.isError && <ErrorNotice error={gaps.error} onRetry={() => gaps.refetch()} />}
      {gaps.isSuccess && gaps.data.length === 0 && (
        <p className="state-line empty">No gaps here. Mark a customer question from an issue's sidebar.</p>
      )}
      <ul className="kb-gap-list" aria-label="Knowledge gaps">
        {gaps.data?.map((g) => (
          <li key={g.gaps[0]?.id ?? g.question}>
            <input
              type="checkbox"
              aria-label={`Select “${g.question}”`}
              checked={ids(g).every((id) => picked.has(id))}
              onChange={() => toggle(g)}
            />
            <div className="grow">
              <strong>{g.question}</strong>
              <div className="muted">
                asked {g.count}× ·{" "}
                {g.issueNumbers.map((n) => (
                  <Link key={n} href={`/issues/${n}`} className="kb-gap-issue">
                    #{n}
                  </Link>
                ))}
                {g.gaps[0]?.assigneeId && (
                  <span className="kb-gap-issue">→ {nameOf(g.gaps[0].assigneeId) ?? "someone"}</span>
                )}
                {g.gaps[0]?.articleId && (
                  <Link href={`/knowledge/${g.gaps[0].articleId}`} className="kb-gap-issue">
                    article
                  </Link>
                )}
              </div>
            </div>
            {(status === "open" || status === "") && (
              <button
                type="button"
                className="button small primary"
                disabled={generate.isPending}
                onClick={() => generate.mutate(g)}
              >
                Generate article
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The copilot's acceptance over the last 30 days: what agents did with its drafts. */
function AcceptanceLine() {
  const figure = useQuery({ queryKey: ["copilot-acceptance"], queryFn: () => fetchAcceptance(30) });
  const a = figure.data;
  if (!a) return null;
  return (
    <section className="kb-acceptance" aria-label="Copilot acceptance">
      <strong>Copilot drafts, last 30 days:</strong> {a.drafts} drafted
      {a.acceptanceRate === null ? (
        " · none sent yet"
      ) : (
        <>
          {" "}
          · <strong>{percent(a.acceptanceRate)} used</strong> ({a.accepted} sent as drafted, {a.edited} edited,{" "}
          {a.discarded} discarded)
          {a.meanSimilarity !== null && ` · sent replies ${percent(a.meanSimilarity)} like the draft`}
        </>
      )}
      {a.pending > 0 && ` · ${a.pending} awaiting a reply`}
    </section>
  );
}

/** "Generate from issues": an article drafted from resolved issues the agent names (#12, 15 …). */
function FromIssues({ onDrafted }: { onDrafted: (articleId: string) => void }) {
  const [numbers, setNumbers] = useState("");
  const generate = useMutation({
    mutationFn: () => generateFromIssues([...numbers.matchAll(/\d+/g)].map((m) => Number(m[0]))),
    onSuccess: (article) => onDrafted(article.id),
    onError: (error) => showError("Could not generate an article", error),
  });
  return (
    <form
      className="kb-from-issues"
      onSubmit={(e) => {
        e.preventDefault();
        if (/\d/.test(numbers)) generate.mutate();
      }}
    >
      <input
        aria-label="Resolved issue numbers"
        placeholder="Issue numbers, e.g. 12, 15"
        value={numbers}
        onChange={(e) => setNumbers(e.target.value)}
      />
      <button type="submit" className="button small" disabled={generate.isPending || !/\d/.test(numbers)}>
        Generate from issues
      </button>
    </form>
  );
}
