// One request: its public thread (internal notes never reach the portal), a reply box, and the
// CSAT rating inline once it is resolved.
import type { PortalThread } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { Link } from "wouter";
import { formatSize } from "../ui/size";
import { portalApi } from "./api";
import { StateBadge } from "./StateBadge";

export function IssuePage({ number }: { number: number }) {
  const key = ["portal", "issue", number];
  const queryClient = useQueryClient();
  // Live: the portal socket re-fetches this thread when an agent replies (see live.ts).
  const thread = useQuery({ queryKey: key, queryFn: () => portalApi.issue(number) });
  const [text, setText] = useState("");
  const reply = useMutation({
    mutationFn: () => portalApi.reply(number, text),
    onSuccess: (next) => {
      queryClient.setQueryData(key, next);
      setText("");
      void queryClient.invalidateQueries({ queryKey: ["portal", "issues"] });
    },
  });
  if (thread.isPending) return <p className="portal-muted">Loading…</p>;
  if (thread.isError)
    return (
      <section className="portal-card">
        <p className="portal-error">{thread.error.message}</p>
        <Link href="/">Back to requests</Link>
      </section>
    );
  const { issue, messages } = thread.data;
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) reply.mutate();
  };
  return (
    <section className="portal-card portal-thread">
      <Link href="/" className="portal-back">
        ← Requests
      </Link>
      <div className="portal-thread-head">
        <h1>
          {issue.title} <span className="portal-muted">#{issue.number}</span>
        </h1>
        <StateBadge state={issue.state} />
      </div>
      <ol className="portal-messages">
        {messages.map((m) => (
          <li key={m.id} className={`portal-message portal-message-${m.from}`}>
            <div className="portal-message-meta">
              {m.authorAvatarUrl && <img className="portal-avatar" src={m.authorAvatarUrl} alt="" />}
              <strong>{m.authorName}</strong>
              <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleString()}</time>
            </div>
            <p className="portal-message-text">{m.text}</p>
            {m.attachments.length > 0 && (
              <ul className="portal-attachments">
                {m.attachments.map((a) => (
                  <li key={a.id}>
                    <a href={`/portal/api/issues/${issue.number}/attachments/${a.id}`} download={a.filename}>
                      📎 {a.filename}
                    </a>{" "}
                    <span className="portal-muted">({formatSize(a.size)})</span>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      {issue.state === "resolved" && <Rating thread={thread.data} />}
      <form className="portal-reply" onSubmit={send}>
        <label className="portal-field">
          <span>{issue.state === "resolved" ? "Still an issue? Reply to reopen it" : "Reply"}</span>
          <textarea rows={4} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
        {reply.isError && <p className="portal-error">{reply.error.message}</p>}
        <button type="submit" className="portal-button" disabled={reply.isPending || !text.trim()}>
          Send reply
        </button>
      </form>
    </section>
  );
}

function Rating({ thread }: { thread: PortalThread }) {
  const queryClient = useQueryClient();
  const { number, csat } = thread.issue;
  const rate = useMutation({
    mutationFn: (score: number) => portalApi.rate(number, score),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["portal", "issue", number] }),
  });
  return (
    <div className="portal-rating">
      <span>How did we do?</span>
      {[1, 2, 3, 4, 5].map((score) => (
        <button
          key={score}
          type="button"
          aria-pressed={csat?.score === score}
          aria-label={`Rate ${score} of 5`}
          onClick={() => rate.mutate(score)}
        >
          {score <= (csat?.score ?? 0) ? "★" : "☆"}
        </button>
      ))}
      {csat && <span className="portal-muted">Thanks for your rating.</span>}
    </div>
  );
}
