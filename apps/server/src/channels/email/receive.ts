// The email pipeline shared by SMTP, the HTTP intake and quarantine retry: raw MIME in, one
// outcome out. It never throws for bad mail: what cannot be ingested is quarantined with its
// reason and raw source, and noise (auto-replies, bounces, loops) is recorded, never answered.
import { createHash } from "node:crypto";
import { runCommand } from "../../commands/context";
import {
  type EmailIngestOutcome,
  type EmailIntake,
  ingestEmail,
  ingestEmails,
  recordEmailNoise,
} from "../../commands/email";
import { CHECK_TOKEN, recordInboxCheckArrival } from "../../commands/emailSettings";
import { GroupCommitter } from "../../commands/groupCommit";
import { isRefusal } from "../../commands/inbound";
import type { InboundMessage } from "../../commands/inboundMessage";
import { quarantineDelivery } from "../../commands/quarantine";
import { isDatabaseUnavailable, isUniqueViolation } from "../../db/errors";
import { domainOf, type ParsedToken, parseToken, splitPlus, subjectToken } from "../../domain/email/address";
import { AppError } from "../../domain/errors";
import { findInboxesCached, type InboxRow } from "../../queries/email";
import type { Services } from "../../services";
import { forwardedSender } from "./forwarded";
import { classifyNoise } from "./noise";
import { type Mailbox, type ParsedEmail, parseEmail } from "./parse";
import { markQuotedHtml, splitQuotedText, textToHtml } from "./quoted";

export interface Envelope {
  /** SMTP MAIL FROM; `""` for the null sender, undefined when unknown (HTTP intake). */
  mailFrom?: string;
  /** SMTP RCPT TO addresses (lower-cased); empty for HTTP intake, where headers decide. */
  recipients: string[];
}

export type EmailOutcome =
  | {
      kind: "ingested";
      workspaceId: string;
      issueNumber: number;
      messageId: string;
      createdIssue: boolean;
      duplicate: boolean;
    }
  | { kind: "noise"; workspaceId: string; reason: string; quarantineId: string }
  | { kind: "check"; workspaceId: string; inboxId: string }
  | { kind: "quarantined"; workspaceId: string | null; reason: string; quarantineId: string };

export interface ReceiveOptions {
  /** Quarantine retry: ingest even what looks like noise, and throw instead of re-quarantining. */
  retry?: boolean;
  /** HTTP intake and retry act for one workspace: other tenants' inboxes are ignored. */
  workspaceId?: string;
}

export async function receiveEmail(
  services: Services,
  raw: Buffer,
  envelope: Envelope,
  options: ReceiveOptions = {},
): Promise<EmailOutcome[]> {
  let parsed: ParsedEmail;
  try {
    parsed = await parseEmail(raw);
  } catch (error) {
    if (options.retry) throw error;
    const inboxes = await findInboxesCached(
      services.database.db,
      envelope.recipients.map((r) => splitPlus(r).base),
    );
    return [
      await quarantine(
        services,
        inboxes[0]?.workspaceId ?? null,
        raw,
        envelope,
        `Unparseable MIME: ${errorText(error)}`,
      ),
    ];
  }
  const { inboxes: all, fromIsInbox } = await inboxesFor(services, parsed, envelope);
  const inboxes = all.filter((i) => !options.workspaceId || i.workspaceId === options.workspaceId);
  if (inboxes.length === 0) {
    if (options.retry) throw new AppError("conflict", "None of the recipients is an inbox any more.");
    const workspaceId = options.workspaceId ?? null;
    return [await quarantine(services, workspaceId, raw, envelope, "No recipient is a Switchboard inbox")];
  }
  const outcomes: EmailOutcome[] = [];
  for (const inbox of firstInboxPerWorkspace(inboxes)) {
    outcomes.push(await receiveForWorkspace(services, raw, parsed, envelope, inbox, { ...options, fromIsInbox }));
  }
  return outcomes;
}

async function receiveForWorkspace(
  services: Services,
  raw: Buffer,
  parsed: ParsedEmail,
  envelope: Envelope,
  inbox: InboxRow,
  options: ReceiveOptions & { fromIsInbox: boolean },
): Promise<EmailOutcome> {
  const workspaceId = inbox.workspaceId;
  // The inbox set-up check's test mail proves the route and is not a customer's: no issue.
  const token = CHECK_TOKEN.exec(parsed.subject)?.[1];
  if (token && !options.retry) {
    const isCheck = await runCommand(services, { workspaceId, actor: EMAIL_ACTOR }, (ctx) =>
      recordInboxCheckArrival(ctx, inbox.id, token),
    );
    if (isCheck) return { kind: "check", workspaceId, inboxId: inbox.id };
  }
  if (!options.retry) {
    const noise = classifyNoise({
      header: parsed.header,
      contentType: parsed.contentType,
      subject: parsed.subject,
      fromAddress: parsed.from?.address,
      envelopeFrom: envelope.mailFrom,
      isOwnAddress: () => options.fromIsInbox,
    });
    if (noise) {
      const row = await recordEmailNoise(services.database.db, {
        workspaceId,
        reason: `Ignored ${noise.reason}`,
        raw: rawText(raw).text,
        meta: { kind: "noise", noise: noise.kind, ...envelopeMeta(raw, envelope), subject: parsed.subject },
      });
      return { kind: "noise", workspaceId, reason: noise.reason, quarantineId: row.id };
    }
  }
  try {
    const intake = toIntake(services, raw, parsed, envelope, inbox, { allowInternal: options.retry === true });
    const result = await emailCommitter(services).submit(workspaceId, intake);
    // Internal mail with no customer on it: kept for an admin, who may retry it as an issue.
    if (isRefusal(result)) return quarantine(services, workspaceId, raw, envelope, result.refused, "internal");
    return {
      kind: "ingested",
      workspaceId,
      issueNumber: result.issue.number,
      messageId: result.message.id,
      createdIssue: result.createdIssue,
      duplicate: result.duplicate,
    };
  } catch (error) {
    // The database going away is no fault of the mail: it is ingested when the database is back
    // (the spool tries again; SMTP would answer 451), not quarantined if only the quarantine's
    // INSERT got through.
    if (options.retry || isDatabaseUnavailable(error)) throw error;
    return quarantine(services, workspaceId, raw, envelope, `Could not ingest: ${errorText(error)}`);
  }
}

const EMAIL_ACTOR = { type: "system", name: "email" } as const;

/** Mails arriving together are ingested in shared transactions (see GroupCommitter). */
function emailCommitter(services: Services): GroupCommitter<EmailIntake, EmailIngestOutcome> {
  let committer = committers.get(services);
  if (!committer) {
    committer = new GroupCommitter(services, {
      actor: EMAIL_ACTOR,
      inBatch: ingestEmails,
      alone: (workspaceId, intake) => ingestWithRetry(services, workspaceId, intake),
      maxBatch: 32,
      // Two on a server: one batch is in PostgreSQL while the next is built. More lanes only
      // make batches smaller (measured with bench:email).
      lanes: services.database.kind === "pglite" ? 1 : 2,
      // The thread's root Message-ID: what a new issue would be keyed by.
      conflictKey: (intake) => intake.references.at(-1) ?? intake.inbound.externalId,
    });
    committers.set(services, committer);
  }
  return committer;
}
const committers = new WeakMap<Services, GroupCommitter<EmailIntake, EmailIngestOutcome>>();

/** Two deliveries of one thread racing can collide on a unique key; the second try sees the first. */
async function ingestWithRetry(services: Services, workspaceId: string, intake: EmailIntake) {
  const run = () => runCommand(services, { workspaceId, actor: EMAIL_ACTOR }, (ctx) => ingestEmail(ctx, intake));
  try {
    return await run();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return run();
  }
}

function toIntake(
  services: Services,
  raw: Buffer,
  parsed: ParsedEmail,
  envelope: Envelope,
  inbox: InboxRow,
  { allowInternal }: { allowInternal: boolean },
) {
  const from = parsed.from ?? mailboxFromEnvelope(envelope);
  if (!from) throw new AppError("validation_failed", "The mail has no sender address (From or MAIL FROM).");
  const { requester, forwarded } = requesterOf(parsed, from, inbox);
  // A forward's point is the customer's mail under it: keep it in the body, not folded as a quote.
  const split = forwarded ? { body: parsed.text.trim(), signature: "", quoted: "" } : splitQuotedText(parsed.text);
  const html = parsed.html ? markQuotedHtml(parsed.html) : textToHtml(split);
  const skippedNote = parsed.skipped.length > 0 ? `\n\n[Attachments not kept: ${parsed.skipped.join(", ")}]` : "";
  const text = (split.body || (parsed.attachments.length > 0 ? "" : parsed.subject) || "(empty message)") + skippedNote;
  const inbound: Omit<InboundMessage, "threadKey" | "threadKeyCandidates"> = {
    workspaceId: inbox.workspaceId,
    channel: "email",
    externalId: parsed.messageId ?? derivedMessageId(raw),
    author: { email: from.address, name: from.name },
    requester,
    text: text.trim() ? text : "(attachment)",
    html,
    subject: parsed.subject || undefined,
    cc: othersOnTheMail(parsed, from, inbox),
    attachments: parsed.attachments,
    sentAt: sentAt(parsed.date),
    source: { inbox: inbox.address, fromDomain: domainOf(from.address) },
    defaultTeamId: inbox.teamId ?? undefined,
    allowInternal,
  };
  return {
    inbound,
    references: [...parsed.inReplyTo, ...[...parsed.references].reverse()],
    tokens: replyTokens(parsed, envelope),
    reopenWindowDays: services.config.EMAIL_REOPEN_DAYS,
  };
}

/**
 * The customer a colleague brings along: the first recipient who is neither an inbox nor the
 * author (written to with the team address in cc), else the sender of the mail they forward.
 * Only used when the author turns out to be a colleague (ingestion decides, by user and domain).
 */
function requesterOf(parsed: ParsedEmail, from: Mailbox, inbox: InboxRow) {
  const inboxDomain = domainOf(inbox.address);
  const other = [...parsed.to, ...parsed.cc].find(
    (m) =>
      m.address !== from.address && splitPlus(m.address).base !== inbox.address && domainOf(m.address) !== inboxDomain,
  );
  if (other) return { requester: { email: other.address, name: other.name }, forwarded: false };
  const original = forwardedSender(parsed.subject, parsed.text);
  if (!original || original.address === from.address || domainOf(original.address) === inboxDomain) {
    return { requester: undefined, forwarded: false };
  }
  return { requester: { email: original.address, name: original.name }, forwarded: true };
}

/**
 * Everyone else the mail went to, so our replies keep them in the conversation: To and Cc minus
 * the author and any address at an inbox's domain (ours, plus-tags included). In the cc case
 * the customer is among them; intake takes the requester out.
 */
function othersOnTheMail(parsed: ParsedEmail, from: Mailbox, inbox: InboxRow) {
  const ours = domainOf(inbox.address);
  const others = [...parsed.to, ...parsed.cc]
    .map((m) => m.address)
    .filter((a) => a !== from.address && domainOf(a) !== ours);
  return [...new Set(others)].slice(0, 50);
}

function replyTokens(parsed: ParsedEmail, envelope: Envelope): ParsedToken[] {
  const addresses = [
    ...envelope.recipients,
    ...parsed.deliveredTo,
    ...parsed.to.map((m) => m.address),
    ...parsed.cc.map((m) => m.address),
  ];
  const plus = addresses.map((a) => parseToken(splitPlus(a).tag)).filter((t): t is ParsedToken => Boolean(t));
  const subject = subjectToken(parsed.subject);
  return subject ? [...plus, subject] : plus;
}

/** The inboxes the mail is for (envelope first, else headers), and whether it comes from one of ours. */
async function inboxesFor(services: Services, parsed: ParsedEmail, envelope: Envelope) {
  const candidates =
    envelope.recipients.length > 0
      ? envelope.recipients
      : [...parsed.deliveredTo, ...parsed.to.map((m) => m.address), ...parsed.cc.map((m) => m.address)];
  const bases = candidates.map((a) => splitPlus(a).base);
  const from = parsed.from ? splitPlus(parsed.from.address).base : undefined;
  const rows = await findInboxesCached(services.database.db, from ? [...bases, from] : bases);
  return {
    inboxes: bases.map((b) => rows.find((r) => r.address === b)).filter((r): r is InboxRow => Boolean(r)),
    fromIsInbox: Boolean(from && rows.some((r) => r.address === from)),
  };
}

function firstInboxPerWorkspace(inboxes: InboxRow[]): InboxRow[] {
  const seen = new Set<string>();
  return inboxes.filter((i) => !seen.has(i.workspaceId) && seen.add(i.workspaceId));
}

function mailboxFromEnvelope(envelope: Envelope): Mailbox | undefined {
  return envelope.mailFrom ? { address: envelope.mailFrom.toLowerCase() } : undefined;
}

/** Without a Message-ID the raw source is the identity: a redelivery hashes the same. */
export function derivedMessageId(raw: Buffer): string {
  return `sha256-${createHash("sha256").update(raw).digest("hex").slice(0, 40)}@switchboard.invalid`;
}

/** Sender clocks lie: a date in the future or far past is replaced by the time we received it. */
function sentAt(date: Date | undefined): Date {
  const now = Date.now();
  if (!date || date.getTime() > now + 5 * 60_000 || date.getTime() < now - 7 * 86_400_000) return new Date(now);
  return date;
}

async function quarantine(
  services: Services,
  workspaceId: string | null,
  raw: Buffer,
  envelope: Envelope,
  reason: string,
  kind: "error" | "internal" = "error",
): Promise<EmailOutcome> {
  const { text } = rawText(raw);
  const row = await quarantineDelivery(services.database.db, {
    workspaceId,
    channel: "email",
    reason: reason.slice(0, 1000),
    raw: text,
    meta: { kind, ...envelopeMeta(raw, envelope) },
  });
  return { kind: "quarantined", workspaceId, reason, quarantineId: row.id };
}

function envelopeMeta(raw: Buffer, envelope: Envelope) {
  return { mailFrom: envelope.mailFrom ?? null, recipients: envelope.recipients, rawEncoding: rawText(raw).encoding };
}

/** PostgreSQL text holds no NUL and only valid UTF-8; anything else is kept as base64. */
export function rawText(raw: Buffer): { text: string; encoding: "utf8" | "base64" } {
  const text = raw.toString("utf8");
  const clean = !text.includes("\u0000") && !text.includes("\ufffd") && Buffer.byteLength(text) === raw.length;
  return clean ? { text, encoding: "utf8" } : { text: raw.toString("base64"), encoding: "base64" };
}

export function rawBuffer(text: string, encoding: unknown): Buffer {
  return encoding === "base64" ? Buffer.from(text, "base64") : Buffer.from(text, "utf8");
}

/** The root cause's message: drizzle wraps driver errors in "Failed query: <sql>". */
export function errorText(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
