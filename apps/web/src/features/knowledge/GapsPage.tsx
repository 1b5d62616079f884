// Knowledge gaps, the weekly review: questions agents marked as having no good article, grouped
// by similar question and ranked by how often they were asked. Filter by week and status,
// dismiss in bulk, or generate a draft article and open it in the editor.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showError } from "../../ui/toasts";
import { fetchAcceptance, fetchGaps, type GapGroup, generateFromGap, setGapStatus } from "./api";

/** Monday of the week `weeksAgo` weeks back, as YYYY-MM-DD (UTC). */
function weekStart(weeksAgo: number) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) - 7 * weeksAgo);
  return d.toISOString().slice(0, 10);
}

export function GapsPage() {
  const [status, setStatus] = useState("open");
  const [week, setWeek] = useState("");
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const gaps = useQuery({ queryKey: ["kb-gaps", status, week], queryFn: () => fetchGaps(status, week) });
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
        <button
          type="button"
          className="button small"
          disabled={picked.size === 0 || dismiss.isPending}
          onClick={() => dismiss.mutate()}
        >
          Dismiss selected ({picked.size})
        </button>
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
