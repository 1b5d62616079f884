// Common topics: what customers ask most, ranked, with a trend sparkline and example questions;
// a topic's page lists its questions and issues and drafts a KB article from its resolved issues,
// files one Linear issue for it, or saves it as a view (issue.topic in the condition language).
import type { Broadcast, Topic, TopicDetail } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, Route, Switch, useLocation } from "wouter";
import { createView, request } from "../../api/client";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { showError } from "../../ui/toasts";
import { generateFromIssues } from "../knowledge/api";
import { useLinearConnection, useLinearTeams } from "../linear/api";
import { fetchTopic, fetchTopics, fileLinearIssue, recluster } from "./api";

const ARROWS: Record<Topic["trend"], string> = { rising: "▲", falling: "▼", steady: "▬", new: "★" };

function Sparkline({ weekly }: { weekly: number[] }) {
  const max = Math.max(1, ...weekly);
  const points = weekly.map((n, i) => `${i * 10},${20 - (n / max) * 18}`).join(" ");
  return (
    <svg
      className="topic-spark"
      width="72"
      height="22"
      viewBox="0 0 72 22"
      role="img"
      aria-label={`Weekly: ${weekly.join(", ")}`}
    >
      <polyline points={points} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}

function Trend({ topic }: { topic: Topic }) {
  return (
    <span
      className={`topic-trend ${topic.trend}`}
      title={`${topic.thisWeek} this week, ${topic.previousWeeklyAverage} a week before`}
    >
      {ARROWS[topic.trend]} {topic.thisWeek} this week
    </span>
  );
}

function TopicList() {
  const topics = useQuery({ queryKey: ["topics"], queryFn: ({ signal }) => fetchTopics(signal) });
  const run = useMutation({ mutationFn: recluster, onError: (e) => showError("Could not re-cluster", e) });
  return (
    <div className="topics-page">
      <div className="kb-list-head">
        <h1>Common topics</h1>
        <button type="button" className="button small" disabled={run.isPending} onClick={() => run.mutate()}>
          {run.isSuccess ? "Re-clustering queued" : "Re-cluster now"}
        </button>
      </div>
      {topics.isPending && <p className="state-line">Loading topics…</p>}
      {topics.isError && <ErrorNotice error={topics.error} onRetry={() => topics.refetch()} />}
      {topics.isSuccess && (
        <p className="state-line">
          {topics.data.questions} questions, {topics.data.unassigned} in no topic
          {topics.data.clusteredAt ? ` · clustered ${new Date(topics.data.clusteredAt).toLocaleString()}` : ""}
        </p>
      )}
      {topics.isSuccess && topics.data.items.length === 0 && (
        <p className="state-line empty">No topics yet. Questions are clustered every 10 minutes, or re-cluster now.</p>
      )}
      <ol className="topic-list" aria-label="Common topics">
        {topics.data?.items.map((t) => (
          <li key={t.id} className="topic-row">
            <div className="topic-head">
              <Link href={`/topics/${t.id}`} className="topic-label">
                {t.rank}. {t.label}
              </Link>
              <span className="topic-size">{t.size} asked</span>
              <Trend topic={t} />
              <Sparkline weekly={t.weekly} />
            </div>
            <ul className="topic-examples">
              {t.examples.map((e) => (
                <li key={e.messageId}>
                  “{e.text}” <Link href={`/issues/${e.issueNumber}`}>#{e.issueNumber}</Link>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}

function TopicPage({ id }: { id: string }) {
  const [, navigate] = useLocation();
  const topic = useQuery({ queryKey: ["topic", id], queryFn: ({ signal }) => fetchTopic(id, signal) });
  const resolved = topic.data?.issues.filter((i) => i.state === "closed").slice(0, 20) ?? [];
  const draft = useMutation({
    mutationFn: () => generateFromIssues(resolved.map((i) => i.number)),
    onSuccess: (article) => navigate(`/knowledge/${article.id}`),
    onError: (e) => showError("Could not draft an article", e),
  });
  if (topic.isPending) return <p className="state-line">Loading topic…</p>;
  if (topic.isError) return <ErrorNotice error={topic.error} onRetry={() => topic.refetch()} />;
  const t = topic.data;
  return (
    <div className="topics-page">
      <div className="kb-list-head">
        <h1>{t.label}</h1>
        <Link href="/topics">All topics</Link>
      </div>
      <p className="state-line">
        “{t.question}” · {t.size} asked · <Trend topic={t} /> <Sparkline weekly={t.weekly} />
      </p>
      <div className="kb-meta">
        <button
          type="button"
          className="button small"
          disabled={resolved.length === 0 || draft.isPending}
          title={resolved.length === 0 ? "No resolved issue to draft from" : undefined}
          onClick={() => draft.mutate()}
        >
          Draft KB article ({resolved.length} resolved)
        </button>
        <SaveAsView topic={t} />
        <DraftBroadcast topic={t} />
      </div>
      <FileLinearIssue topic={t} />
      <h2>Questions</h2>
      <ul className="topic-examples">
        {t.questions.map((q) => (
          <li key={q.messageId}>
            “{q.text}” <Link href={`/issues/${q.issueNumber}`}>#{q.issueNumber}</Link>
          </li>
        ))}
      </ul>
      <h2>Issues</h2>
      <ul className="topic-issues" aria-label="Issues of the topic">
        {t.issues.map((i) => (
          <li key={i.number}>
            <Link href={`/issues/${i.number}`}>
              #{i.number} {i.title}
            </Link>{" "}
            <span className="muted">
              {i.state}
              {i.accountName ? ` · ${i.accountName}` : ""}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Labels are stored lower-case ("salesforce · sync"); a view or a subject starts with a capital. */
const capitalised = (label: string) => label.charAt(0).toUpperCase() + label.slice(1);

/** A saved view of the topic's issues: `issue.topic = <id>`, so it follows the topic as it grows. */
function SaveAsView({ topic }: { topic: TopicDetail }) {
  const [, navigate] = useLocation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      createView({
        name: `Topic: ${capitalised(topic.label)}`.slice(0, 200),
        ownerType: "user",
        filter: { all: [{ field: "issue.topic", op: "eq", value: topic.id }] },
      }),
    onSuccess: async (view) => {
      await queryClient.invalidateQueries({ queryKey: ["views"] });
      navigate(`/views/${view.id}`);
    },
    onError: (e) => showError("Could not save the view", e),
  });
  return (
    <button type="button" className="button small" disabled={save.isPending} onClick={() => save.mutate()}>
      Save as view
    </button>
  );
}

/** A broadcast draft to the accounts whose customers asked this, opened in the composer to edit. */
function DraftBroadcast({ topic }: { topic: TopicDetail }) {
  const [, navigate] = useLocation();
  const accountIds = [...new Set(topic.issues.flatMap((i) => (i.accountId ? [i.accountId] : [])))];
  const draft = useMutation({
    mutationFn: () =>
      request<Broadcast>("/broadcasts", {
        method: "POST",
        body: {
          title: capitalised(topic.label).slice(0, 200),
          body: `Hi {{contact.first_name|there}},\n\nSeveral of you asked us: “${topic.question.slice(0, 300)}”\n\n`,
          audience: { kind: "accounts", accountIds },
          channels: "email",
        },
      }),
    onSuccess: (created) => navigate(`/broadcasts/${created.id}`),
    onError: (e) => showError("Could not draft the broadcast", e),
  });
  return (
    <button
      type="button"
      className="button small"
      disabled={accountIds.length === 0 || draft.isPending}
      title={accountIds.length === 0 ? "None of the topic's issues has an account" : undefined}
      onClick={() => draft.mutate()}
    >
      Draft a broadcast ({accountIds.length} account{accountIds.length === 1 ? "" : "s"})
    </button>
  );
}

/** One Linear issue for the whole topic, linked to its recent issues (they wait on it, on hold). */
function FileLinearIssue({ topic }: { topic: TopicDetail }) {
  const connection = useLinearConnection();
  const connected = connection.data?.connected === true;
  const teams = useLinearTeams(connected);
  const defaultTeam = connection.data?.connected ? (connection.data.defaultTeamId ?? "") : "";
  const [teamId, setTeamId] = useState("");
  const team = teamId || defaultTeam || teams.data?.[0]?.id || "";
  const file = useMutation({
    mutationFn: () => fileLinearIssue(topic.id, team),
    onError: (e) => showError("Could not file the Linear issue", e),
  });
  if (!connected) {
    return (
      <p className="state-line">
        File a Linear issue for this topic: <Link href="/settings/linear">connect Linear</Link> first.
      </p>
    );
  }
  if (file.data) {
    return (
      <p className="state-line" role="status">
        Filed{" "}
        <a href={file.data.url} target="_blank" rel="noreferrer">
          {file.data.identifier} {file.data.title}
        </a>
        , linked to {file.data.linked.length} issues.
      </p>
    );
  }
  return (
    <div className="kb-meta">
      <label>
        Linear team{" "}
        <select value={team} onChange={(e) => setTeamId(e.target.value)}>
          {(teams.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.key} · {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button small" disabled={!team || file.isPending} onClick={() => file.mutate()}>
        File a Linear issue ({Math.min(topic.issues.length, 50)} issues linked)
      </button>
    </div>
  );
}

export function TopicsPage() {
  return (
    <Switch>
      <Route path="/topics/:id">{(params) => <TopicPage key={params.id} id={params.id} />}</Route>
      <Route>
        <TopicList />
      </Route>
    </Switch>
  );
}
