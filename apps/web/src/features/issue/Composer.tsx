// Reply to the customer (goes out through the issue's channel) or write an internal note.
// @mentions autocomplete colleagues; a macro fills the text and is applied on send.
import { useQueryClient } from "@tanstack/react-query";
import { type ClipboardEvent, type FormEvent, useCallback, useEffect, useRef, useState } from "react";
import { useLocation } from "wouter";
import type { Issue, Macro } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { useStore } from "../../ui/store";
import { useUsers } from "../directory/useDirectory";
import { CHANNEL_LABELS, STATE_LABELS } from "../issueDisplay/labels";
import { useComposerInsert } from "../knowledge/composerInsert";
import { offerUndo } from "../loop/undoSend";
import { useComposerRequests } from "../loop/useComposerRequests";
import { useDraft } from "../loop/useDraft";
import { sendPresence } from "../realtime/socket";
import { AttachButton, FileChips, useComposerFiles } from "./ComposerFiles";
import { type ComposerMode, composerRequest } from "./focus";
import { MacroPicker } from "./MacroPicker";
import { Recipients } from "./Recipients";
import { useSend } from "./useIssue";
import { useMentions } from "./useMentions";

type Props = {
  issue: Issue;
  /** `reply`: a public reply (the customer may see that someone types), not a note. */
  onTyping: (reply: boolean) => void;
  /** Reply-and-next: after a send, open the next issue of the view the agent came from. */
  onSentNext?: () => void;
};

export function Composer({ issue, onTyping, onSentNext }: Props) {
  const [mode, setMode] = useState<ComposerMode>("public");
  const [text, setText] = useState("");
  const [macro, setMacro] = useState<Macro | null>(null);
  const [cc, setCc] = useState<string[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const users = useUsers();
  const send = useSend(issue.number);
  const files = useComposerFiles(issue.number);
  const mentions = useMentions(textarea, text, setText, users.data ?? []);
  const request = useStore(composerRequest);
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const restore = useCallback((body: string, visibility: ComposerMode) => {
    setText(body);
    setMode(visibility);
  }, []);
  const draft = useDraft(issue.number, text, mode, restore);
  useComposerRequests(issue.number, restore, (m, body) => pickMacro(m, body));
  useComposerInsert(issue.number, textarea, text, setText);

  // r / n from anywhere: switch tab and focus the text (also right after navigating here).
  useEffect(() => {
    if (!request || Date.now() - request.at > 3000) return;
    setMode(request.mode);
    textarea.current?.focus();
    composerRequest.set(null);
  }, [request]);

  const submit = (event?: FormEvent, next = false) => {
    event?.preventDefault();
    const body = text.trim();
    if (!canSend) return;
    send.mutate(
      {
        visibility: mode,
        body,
        macroId: macro?.id,
        cc: mode === "public" ? cc : undefined,
        attachmentIds: files.ids,
      },
      {
        onSuccess: (message) => {
          sendPresence(issue.number, "viewing"); // done typing: clear the colleague's notice
          draft.sent();
          setText("");
          setMacro(null);
          setCc([]);
          files.clear();
          if (message) offerUndo(issue.number, message, queryClient, navigate);
          if (next) onSentNext?.();
        },
      },
    );
  };
  const pickMacro = (m: Macro, body: string) => {
    setMacro(m);
    setMode(m.internal ? "internal" : "public");
    setText(body);
    textarea.current?.focus();
  };

  const internal = mode === "internal";
  // Files go with a reply or note of their own; a macro's text is sent by the macro.
  const filesBlocked = macro !== null && files.files.length > 0;
  const hasContent = text.trim().length > 0 || files.ids.length > 0;
  const canSend = hasContent && !files.uploading && !filesBlocked && !send.isPending;
  const onPaste = (e: ClipboardEvent<HTMLFormElement>) => {
    const pasted = [...e.clipboardData.files];
    if (pasted.length === 0) return;
    e.preventDefault();
    files.add(pasted);
  };
  return (
    <form
      className={`composer${internal ? " internal" : ""}`}
      onSubmit={submit}
      aria-label="Composer"
      onPaste={onPaste}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) e.preventDefault();
      }}
      onDrop={(e) => {
        if (e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        files.add([...e.dataTransfer.files]);
      }}
    >
      <div className="composer-tabs" role="tablist" aria-label="Message type">
        <Tab
          active={!internal}
          onClick={() => setMode("public")}
          label="Reply"
          hint={`via ${CHANNEL_LABELS[issue.channel]}`}
        />
        <Tab
          active={internal}
          onClick={() => setMode("internal")}
          label="Internal note"
          hint="only your team sees it"
        />
      </div>
      {!internal && issue.channel === "email" && <Recipients issue={issue} added={cc} onChange={setCc} />}
      {macro && (
        <div className="macro-chip">
          Macro: <strong>{macro.name}</strong>
          {macro.actions?.state && <span className="muted"> · sets {STATE_LABELS[macro.actions.state]}</span>}
          <button type="button" className="chip-x" aria-label="Remove macro" onClick={() => setMacro(null)}>
            ×
          </button>
        </div>
      )}
      <div className="composer-body">
        <textarea
          ref={textarea}
          aria-label={internal ? "Internal note" : "Reply to customer"}
          placeholder={
            internal
              ? "Note for colleagues — @mention to notify"
              : `Reply to ${issue.requester?.name ?? "the customer"}…`
          }
          rows={4}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            mentions.track();
            onTyping(mode === "public");
          }}
          onClick={mentions.track}
          onKeyDown={(e) => {
            if (mentions.onKeyDown(e)) return;
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) submit(undefined, e.shiftKey && Boolean(onSentNext));
            if (e.key === "Escape") e.currentTarget.blur();
          }}
        />
        {mentions.matches.length > 0 && (
          <ul className="mention-menu" aria-label="Mention a colleague">
            {mentions.matches.map((p, i) => (
              <li key={p.id} className={i === mentions.active ? "active" : undefined}>
                <button
                  type="button"
                  aria-current={i === mentions.active || undefined}
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => mentions.choose(p)}
                >
                  {p.name} <span className="muted">{p.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      <FileChips files={files.files} onRemove={files.remove} />
      {filesBlocked && (
        <p className="muted small" role="alert">
          A macro sends its own text: remove the macro to send files.
        </p>
      )}
      {send.isError && <ErrorNotice error={send.error} />}
      <div className="composer-foot">
        <MacroPicker number={issue.number} onPick={pickMacro} />
        <AttachButton onPick={files.add} />
        <span className="grow" />
        <span className="muted small composer-keys">⌘↵ send{onSentNext && " · ⇧⌘↵ send & next"}</span>
        {onSentNext && (
          <button
            type="button"
            className="button"
            disabled={!canSend}
            onClick={() => submit(undefined, true)}
            title="Send, then open the next issue of the view (⇧⌘↵)"
          >
            Send & next
          </button>
        )}
        <button type="submit" className="button primary" disabled={!canSend}>
          {send.isPending ? "Sending…" : macro ? "Send & apply macro" : internal ? "Add note" : "Send reply"}
        </button>
      </div>
    </form>
  );
}

function Tab({ active, onClick, label, hint }: { active: boolean; onClick: () => void; label: string; hint: string }) {
  return (
    <button
      type="button"
      role="tab"
      aria-selected={active}
      className={active ? "tab active" : "tab"}
      onClick={onClick}
      title={hint}
    >
      {label}
    </button>
  );
}
