// The issue's internal threads: questions asked in internal Slack channels (#bugs-daily …), their
// status and replies, and a note into a thread. Replies arrive in the thread as internal notes.
// "i", the palette and the button open the ask dialog.
import type { InternalThread } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import type { Issue } from "../../api/types";
import { messageOf } from "../../ui/ErrorNotice";
import { useStore } from "../../ui/store";
import { ageLabel } from "../../ui/time";
import { useHotkeys } from "../shortcuts/hotkeys";
import { AskDialog } from "./AskDialog";
import { askRequest, listInternalThreads, noteToInternalThread, requestInternalThread, threadsKey } from "./api";
import "./internalThreads.css";

const STATUS_LABELS: Record<InternalThread["status"], string> = {
  posting: "Posting…",
  open: "Waiting for a reply",
  answered: "Answered",
  resolved: "Resolved",
  failed: "Not posted",
};

export function InternalThreadsPanel({ issue }: { issue: Issue }) {
  const n = issue.number;
  const threads = useQuery({ queryKey: threadsKey(n), queryFn: ({ signal }) => listInternalThreads(n, signal) });
  const asking = useStore(askRequest) === n;
  useHotkeys({ i: () => requestInternalThread(n) });
  return (
    <section className="panel-section internal-threads" aria-labelledby="internal-threads-title">
      <div className="internal-threads-head">
        <h2 id="internal-threads-title" className="panel-title">
          Internal threads
        </h2>
        <button type="button" className="button small" onClick={() => requestInternalThread(n)}>
          Ask in Slack <kbd>i</kbd>
        </button>
      </div>
      {threads.isPending && <p className="muted">Loading threads…</p>}
      {threads.isError && (
        <p className="inline-error">
          Threads did not load: {messageOf(threads.error)}{" "}
          <button type="button" className="link-button" onClick={() => threads.refetch()}>
            Retry
          </button>
        </p>
      )}
      {threads.data?.length === 0 && (
        <p className="muted">
          No internal threads yet. Ask Product, Engineering or Design in an internal Slack channel; their replies appear
          here as internal notes, never to the customer.
        </p>
      )}
      <ul className="internal-thread-list">
        {threads.data?.map((t) => (
          <ThreadItem key={t.id} number={n} thread={t} />
        ))}
      </ul>
      {asking && <AskDialog issue={issue} onClose={() => askRequest.set(null)} />}
    </section>
  );
}

function ThreadItem({ number, thread }: { number: number; thread: InternalThread }) {
  const [noting, setNoting] = useState(false);
  return (
    <li className="internal-thread">
      <div className="internal-thread-line">
        <strong>#{thread.channel.name}</strong>
        <span className={`chip thread-${thread.status}`}>{STATUS_LABELS[thread.status]}</span>
      </div>
      <p className="internal-thread-question">{thread.question}</p>
      {thread.error && <p className="inline-error">Slack refused it: {thread.error}</p>}
      <p className="muted small">
        {thread.createdBy?.name ?? "Someone"} asked {ageLabel(thread.createdAt)}
        {thread.replyCount > 0 &&
          ` · ${thread.replyCount} ${thread.replyCount === 1 ? "reply" : "replies"}` +
            (thread.lastReplyAt ? `, last ${ageLabel(thread.lastReplyAt)}` : "")}
      </p>
      {thread.status !== "failed" && thread.status !== "resolved" && !noting && (
        <button type="button" className="link-button" onClick={() => setNoting(true)}>
          Add to thread
        </button>
      )}
      {noting && <NoteForm number={number} thread={thread} onDone={() => setNoting(false)} />}
    </li>
  );
}

function NoteForm({ number, thread, onDone }: { number: number; thread: InternalThread; onDone: () => void }) {
  const [body, setBody] = useState("");
  const queryClient = useQueryClient();
  const send = useMutation({
    mutationFn: () => noteToInternalThread(number, thread.id, body.trim()),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ["issue", number] });
      onDone();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (body.trim()) send.mutate();
  };
  return (
    <form className="internal-note-form" onSubmit={submit}>
      <label htmlFor={`note-${thread.id}`} className="visually-hidden">
        Note to #{thread.channel.name}
      </label>
      <textarea
        id={`note-${thread.id}`}
        rows={3}
        value={body}
        maxLength={4000}
        placeholder={`Posted in the #${thread.channel.name} thread under your name`}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit(e);
          if (e.key === "Escape") onDone();
        }}
      />
      {send.isError && <p className="inline-error">{messageOf(send.error)}</p>}
      <div className="internal-note-actions">
        <button type="button" className="button small" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button small primary" disabled={!body.trim() || send.isPending}>
          {send.isPending ? "Posting…" : "Post to thread"}
        </button>
      </div>
    </form>
  );
}
