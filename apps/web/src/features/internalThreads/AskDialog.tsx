// Ask our own people about an issue: pick an internal Slack channel (each says when to use it),
// write the question; Switchboard posts a summary card there and follows the thread.
import type { InternalChannel } from "@switchboard/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { Link } from "wouter";
import type { Issue } from "../../api/types";
import { messageOf } from "../../ui/ErrorNotice";
import { showToast } from "../../ui/toasts";
import { useMe } from "../auth/useSession";
import { channelsKey, listInternalChannels, startInternalThread, threadsKey } from "./api";

export function AskDialog({ issue, onClose }: { issue: Issue; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const me = useMe();
  const channels = useQuery({ queryKey: channelsKey, queryFn: ({ signal }) => listInternalChannels(signal) });
  const [channelId, setChannelId] = useState("");
  const [question, setQuestion] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const chosen = channels.data?.find((c) => c.id === channelId);
  const ask = useMutation({
    mutationFn: () => startInternalThread(issue.number, { channelId, question: question.trim() }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: threadsKey(issue.number) });
      showToast(`Asked in #${chosen?.name ?? "the channel"}; replies will appear as internal notes.`);
      onClose();
    },
  });
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!channelId) return setProblem("Pick the channel to ask in.");
    if (!question.trim()) return setProblem("Write the question your colleagues should answer.");
    setProblem(null);
    ask.mutate();
  };
  const error = problem ?? (ask.isError ? messageOf(ask.error) : null);
  return (
    <dialog ref={ref} className="dialog ask-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id={titleId}>Ask in an internal channel</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">
          <p className="muted small">
            #{issue.number} {issue.title}
            {issue.account && ` · ${issue.account.name}`}. The card links back here; replies come back as internal notes
            and never reach the customer.
          </p>
          {channels.isPending && <p className="muted">Loading channels…</p>}
          {channels.isError && <p className="inline-error">Channels did not load: {messageOf(channels.error)}</p>}
          {channels.data?.length === 0 && (
            <p className="notice">
              No internal channels yet.{" "}
              {me.role === "admin" ? (
                <Link href="/settings/internal-channels">Add them in Settings → Internal channels.</Link>
              ) : (
                "Ask an admin to add them in Settings."
              )}
            </p>
          )}
          {(channels.data?.length ?? 0) > 0 && (
            <fieldset className="channel-choices">
              <legend>Channel</legend>
              {channels.data?.map((c, i) => (
                <ChannelChoice
                  key={c.id}
                  channel={c}
                  checked={c.id === channelId}
                  first={i === 0}
                  onPick={setChannelId}
                />
              ))}
            </fieldset>
          )}
          <label htmlFor={`${titleId}-q`} className="ask-label">
            Question
          </label>
          <textarea
            id={`${titleId}-q`}
            rows={4}
            maxLength={4000}
            value={question}
            placeholder="What do you need to know from them?"
            onChange={(e) => setQuestion(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit(e);
            }}
          />
        </div>
        {error && (
          <p className="notice error form-error" role="alert">
            {error}
          </p>
        )}
        <footer className="dialog-foot">
          <span className="muted small">⌘/Ctrl+Enter posts</span>
          <span className="grow" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={ask.isPending}>
            {ask.isPending ? "Posting…" : chosen ? `Post to #${chosen.name}` : "Post"}
          </button>
        </footer>
      </form>
    </dialog>
  );
}

function ChannelChoice({
  channel,
  checked,
  first,
  onPick,
}: {
  channel: InternalChannel;
  checked: boolean;
  first: boolean;
  onPick: (id: string) => void;
}) {
  return (
    <label className={checked ? "channel-choice checked" : "channel-choice"}>
      <input
        type="radio"
        name="internal-channel"
        value={channel.id}
        checked={checked}
        // biome-ignore lint/a11y/noAutofocus: the dialog opens to pick a channel
        autoFocus={first}
        onChange={() => onPick(channel.id)}
      />
      <span>
        <strong>#{channel.name}</strong>
        {channel.purpose && <span className="muted small"> — {channel.purpose}</span>}
      </span>
    </label>
  );
}
