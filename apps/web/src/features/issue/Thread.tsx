// The conversation, oldest first: customer messages, replies and internal notes, each in
// its own style so nobody mistakes a note for something the customer saw.

import { useEffect, useRef, useState } from "react";
import type { Message } from "../../api/types";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { formatSize } from "../../ui/size";
import { dateLabel } from "../../ui/time";
import { DeliveryFixLink } from "./DeliveryFixLink";
import { useMessages, useResend } from "./useIssue";

const KINDS: Record<Message["authorType"], string> = {
  contact: "Customer",
  user: "Agent",
  agent: "AI agent",
  system: "System",
};

const DELIVERY: Record<string, string> = {
  pending: "Sending…",
  sent: "Sent",
  unsent: "Not sent",
  failed: "Delivery failed",
};

export function Thread({ number }: { number: number }) {
  const messages = useMessages(number);
  const end = useRef<HTMLDivElement>(null);
  const count = messages.data?.length ?? 0;
  // Follow the end of the thread as messages arrive and as the last one's delivery state changes
  // (a "Not sent" notice appears under it after the fact).
  const last = messages.data?.[count - 1];
  const tail = `${count}:${last?.deliveryStatus ?? ""}`;
  useEffect(() => {
    if (tail !== "0:") end.current?.scrollIntoView({ block: "end" });
  }, [tail]);

  return (
    <section className="thread" aria-label="Conversation">
      {messages.isPending && (
        <p className="state-line" aria-busy="true">
          Loading conversation…
        </p>
      )}
      {messages.isError && <ErrorNotice error={messages.error} onRetry={() => messages.refetch()} />}
      {messages.isSuccess && count === 0 && <p className="state-line empty">No messages yet.</p>}
      <ol className="messages">
        {messages.data?.map((m) => (
          <MessageItem key={m.id} number={number} message={m} />
        ))}
      </ol>
      <div ref={end} />
    </section>
  );
}

/** Delivery states a reply can be sent again from (the server's RESENDABLE). */
const RESENDABLE = new Set(["failed", "unsent"]);

function MessageItem({ number, message: m }: { number: number; message: Message }) {
  const internal = m.visibility === "internal";
  const listed = listedAttachments(m);
  const stuck = !internal && RESENDABLE.has(m.deliveryStatus ?? "");
  return (
    <li
      className={`message ${internal ? "internal" : `author-${m.authorType}`}`}
      aria-label={internal ? "Internal note" : undefined}
    >
      <div className="message-meta">
        <strong>{m.author?.name ?? "Unknown"}</strong>
        <span className="muted">{internal ? "Internal note" : KINDS[m.authorType]}</span>
        {m.deliveryStatus && !internal && (
          <span className={`delivery delivery-${m.deliveryStatus}`} title={m.deliveryError ?? undefined}>
            {DELIVERY[m.deliveryStatus] ?? m.deliveryStatus}
          </span>
        )}
        {m.sentiment && m.sentiment.label !== "neutral" && <SentimentMark sentiment={m.sentiment} />}
        <time className="muted" dateTime={m.createdAt}>
          {dateLabel(m.createdAt)}
        </time>
        {m.editedAt && !m.deletedAt && (
          <span
            className="muted edited"
            title={`Edited ${dateLabel(m.editedAt)}; the earlier text is in the activity log`}
          >
            (edited)
          </span>
        )}
      </div>
      {m.emailCc && m.emailCc.length > 0 && <p className="message-cc muted">Cc: {m.emailCc.join(", ")}</p>}
      {m.bodyHtml ? <HtmlBody html={m.bodyHtml} /> : <p className="message-body">{m.bodyText}</p>}
      {listed.length > 0 && (
        <ul className="attachments" aria-label="Attachments">
          {listed.map((a) => (
            <li key={a.id}>
              <a href={`/api/v1/attachments/${a.id}`} target="_blank" rel="noreferrer">
                📎 {a.filename}
              </a>{" "}
              <span className="muted">{formatSize(a.size)}</span>
            </li>
          ))}
        </ul>
      )}
      {stuck && <DeliveryProblem number={number} message={m} />}
    </li>
  );
}

/** Why a reply did not reach the customer, in the channel's words, and a way to send it again. */
function DeliveryProblem({ number, message }: { number: number; message: Message }) {
  const resend = useResend(number);
  return (
    <div className={`delivery-problem delivery-${message.deliveryStatus}`} role="status">
      <span>{message.deliveryError ?? "This reply did not reach the customer."}</span>
      <DeliveryFixLink fix={message.deliveryFix} />
      <button type="button" className="button small" disabled={resend.isPending} onClick={() => resend.mutate(message)}>
        {resend.isPending ? "Sending…" : "Send again"}
      </button>
    </div>
  );
}

/**
 * The attachments to list under a message: not the images its body already shows in place
 * (an email's inline `cid:` parts, linked to their download by the server).
 */
export function listedAttachments(m: Pick<Message, "attachments" | "bodyHtml">) {
  return (m.attachments ?? []).filter((a) => !m.bodyHtml?.includes(`/api/v1/attachments/${a.id}`));
}

/** Email quoted history and signatures arrive marked (sb-quoted, sb-signature); folded until asked. */
function HtmlBody({ html }: { html: string }) {
  const [expanded, setExpanded] = useState(false);
  const foldable = html.includes("sb-quoted") || html.includes("sb-signature");
  return (
    <>
      {/* Sanitised on the server before storage (DESIGN.md, Security); never raw channel HTML. */}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised HTML */}
      <div className={`message-body html${expanded ? "" : " folded"}`} dangerouslySetInnerHTML={{ __html: html }} />
      {foldable && (
        <button
          type="button"
          className="fold-toggle"
          aria-expanded={expanded}
          onClick={() => setExpanded((v) => !v)}
          title={expanded ? "Hide quoted text" : "Show quoted text and signature"}
        >
          {expanded ? "Hide quoted text" : "•••"}
        </button>
      )}
    </>
  );
}

/** A customer message's sentiment, subtly: a mark whose title names the phrases that drove it. */
function SentimentMark({ sentiment }: { sentiment: NonNullable<Message["sentiment"]> }) {
  const phrases = sentiment.phrases.map((p) => `“${p.text}” ${p.weight > 0 ? "+" : ""}${p.weight}`).join(", ");
  const label = `Reads ${sentiment.label} (${sentiment.score > 0 ? "+" : ""}${sentiment.score.toFixed(2)})`;
  return (
    <span
      className={`message-sentiment sentiment-${sentiment.label}`}
      title={phrases ? `${label}: ${phrases}` : label}
      role="img"
      aria-label={label}
    >
      {sentiment.label === "negative" ? "▾" : "▴"}
    </span>
  );
}
