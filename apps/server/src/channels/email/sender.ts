// Outbound email: an agent's public reply on an email issue goes to the requester from the
// team's inbox address under the agent's name, threaded with In-Reply-To/References, with a
// plus-address Reply-To that leads the answer back to the issue. Every email is recorded in the
// outbox; without an outgoing server (settings or SMTP_URL) it waits there (message `unsent`),
// never silently dropped.
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { runCommand } from "../../commands/context";
import { type OutboxInput, recordOutboundEmail } from "../../commands/email";
import { type DeliveryAttempt, DeliveryFailed, type DeliveryResult } from "../../commands/outbound";
import { contacts, emailInboxes, type issues, messages, users } from "../../db/schema";
import { domainOf, replyToken, splitPlus, withSubjectToken } from "../../domain/email/address";
import { messageFiles } from "../../queries/email";
import type { Services } from "../../services";
import { NoTransport, outboundTransport, sendWorkspaceMail } from "./transport";

type IssueRow = typeof issues.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

const NO_TRANSPORT =
  "No outgoing email server is configured (Settings → Outgoing email, or SMTP_URL): the email waits in the outbox.";

/**
 * Sends the reply. The outbox row of the attempt is committed before the mail leaves, so a crash
 * after the SMTP server's 250 leaves a visible `queued` attempt. When the previous attempt's
 * outcome is unknown (`uncertain`), the mail goes again under the same Message-ID: receivers
 * collapse a second copy with the same id, and the issue's log says so.
 */
export async function sendEmailReply(
  services: Services,
  issue: IssueRow,
  message: MessageRow,
  attempt: DeliveryAttempt,
): Promise<DeliveryResult> {
  const email = await composeReply(services, issue, message);
  // Nothing to send from or to: retrying cannot help, so it is kept visibly unsent.
  if ("unsendable" in email) return { unsent: email.unsendable, ...(email.fix && { fix: email.fix }) };
  const record = (patch: Pick<OutboxInput, "status" | "error" | "sentAt">, options = { attempt: false }) =>
    runCommand(services, { workspaceId: issue.workspaceId, actor: { type: "system", name: "email" } }, (ctx) =>
      recordOutboundEmail(ctx, { ...email.outbox, ...patch }, options),
    );
  // Checked before the attempt is recorded, so an unconfigured workspace shows "unsent", not "queued".
  if (!(await outboundTransport(services, issue.workspaceId))) {
    await record({ status: "unsent", error: NO_TRANSPORT }, { attempt: true });
    return { unsent: NO_TRANSPORT, fix: "outgoing_email" };
  }
  await record({ status: "queued", error: null }, { attempt: true });
  try {
    await sendWorkspaceMail(services, issue.workspaceId, email.mail);
  } catch (error) {
    if (error instanceof NoTransport) {
      await record({ status: "unsent", error: NO_TRANSPORT });
      return { unsent: NO_TRANSPORT, fix: "outgoing_email" };
    }
    await record({ status: "failed", error: error instanceof Error ? error.message : String(error) });
    throw inAgentWords(error);
  }
  await record({ status: "sent", error: null, sentAt: new Date() });
  return {
    externalId: email.outbox.rfcMessageId,
    ...(attempt.uncertain && { recovered: "resent" as const }),
  };
}

/** Errors of the outgoing server (nodemailer's codes) in words an agent can act on. */
const SMTP_TROUBLE: Record<string, string> = {
  EAUTH: "The outgoing email server refused Switchboard's sign-in (user name or password)",
  ECONNECTION: "The outgoing email server could not be reached",
  ETIMEDOUT: "The outgoing email server did not answer in time",
  EDNS: "The outgoing email server's name could not be found",
  ESOCKET: "The connection to the outgoing email server failed",
  ETLS: "The secure connection to the outgoing email server failed",
};

function inAgentWords(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  const trouble = typeof code === "string" ? SMTP_TROUBLE[code] : undefined;
  // A refusal of this one mail (5xx on a recipient) keeps the server's own words; no setting fixes it.
  if (!trouble)
    return new DeliveryFailed(`The outgoing email server refused the mail: ${error.message}`, undefined, {
      cause: error,
    });
  return new DeliveryFailed(`${trouble}: ${error.message}`, "outgoing_email", { cause: error });
}

async function composeReply(services: Services, issue: IssueRow, message: MessageRow) {
  const db = services.database.db;
  const inbox = await sendingInbox(services, issue);
  if (!inbox) return { unsendable: "The workspace has no email inbox to send from.", fix: "email_inboxes" as const };
  const to = await requesterEmail(services, issue);
  if (!to) return { unsendable: `Issue #${issue.number} has no requester email address to reply to.` };
  const [author] = message.authorUserId
    ? await db.select({ name: users.name }).from(users).where(eq(users.id, message.authorUserId))
    : [];
  const token = replyToken(issue);
  const [local, domain] = [inbox.address.slice(0, inbox.address.indexOf("@")), domainOf(inbox.address)];
  const rfcMessageId = `sb-${message.id}@${domain}`;
  const thread = await threadContext(services, issue, message);
  // The thread's Cc (the customer's), and whom the agent copied in on this reply.
  const cc = [...new Set([...thread.cc, ...(message.emailCc ?? [])])].filter((a) => a !== to.toLowerCase());
  const subject = withSubjectToken(/^re:/i.test(issue.title) ? issue.title : `Re: ${issue.title}`, token);
  const fromName = author?.name ?? (inbox.name || "Switchboard");
  const replyTo = `${local}+${token}@${domain}`;
  const files = (await messageFiles(services.database.db, message)).map(({ filename, contentType, content }) => ({
    filename,
    contentType,
    content,
  }));
  const headers = {
    "Message-ID": `<${rfcMessageId}>`,
    ...(thread.inReplyTo && { "In-Reply-To": `<${thread.inReplyTo}>` }),
    ...(thread.references.length > 0 && { References: thread.references.map((r) => `<${r}>`).join(" ") }),
    "Reply-To": replyTo,
  };
  return {
    mail: {
      from: { name: fromName, address: inbox.address },
      to,
      ...(cc.length > 0 && { cc }),
      replyTo,
      subject,
      text: message.bodyText,
      ...(message.bodyHtml && { html: message.bodyHtml }),
      messageId: `<${rfcMessageId}>`,
      ...(thread.inReplyTo && { inReplyTo: `<${thread.inReplyTo}>` }),
      ...(thread.references.length > 0 && { references: thread.references.map((r) => `<${r}>`) }),
      headers: {
        "X-Switchboard-Issue": String(issue.number),
        // A trigger's reply is automatic (RFC 3834): the customer's own autoresponder must not answer it.
        ...(message.authorType === "system" && { "Auto-Submitted": "auto-replied" }),
      },
      attachments: files,
    },
    outbox: {
      issueId: issue.id,
      messageId: message.id,
      rfcMessageId,
      fromAddress: `${fromName} <${inbox.address}>`,
      toAddresses: [to],
      ccAddresses: cc,
      subject,
      headers,
      bodyText: message.bodyText,
      status: "queued",
    } satisfies OutboxInput,
  };
}

/** The inbox the issue came in through, else one of its team, else any of the workspace. */
export async function sendingInbox(services: Services, issue: IssueRow) {
  const rows = await services.database.db
    .select()
    .from(emailInboxes)
    .where(eq(emailInboxes.workspaceId, issue.workspaceId));
  const source = issue.source.inbox ? splitPlus(issue.source.inbox).base : undefined;
  return (
    rows.find((r) => r.address === source) ??
    rows.find((r) => issue.teamId && r.teamId === issue.teamId) ??
    rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())[0]
  );
}

export async function requesterEmail(services: Services, issue: IssueRow): Promise<string | undefined> {
  if (!issue.requesterContactId) return undefined;
  const [contact] = await services.database.db
    .select({ email: contacts.email })
    .from(contacts)
    .where(eq(contacts.id, issue.requesterContactId));
  return contact?.email ?? undefined;
}

/**
 * From the thread's earlier emails: In-Reply-To (the customer's latest), References (the root and
 * what followed, bounded) and Cc (the latest incoming mail's others, so a reply-all keeps them).
 */
async function threadContext(services: Services, issue: IssueRow, message: MessageRow) {
  const earlier = await services.database.db
    .select({
      externalId: messages.externalId,
      authorType: messages.authorType,
      emailCc: messages.emailCc,
      createdAt: messages.createdAt,
    })
    .from(messages)
    .where(and(eq(messages.issueId, issue.id), eq(messages.channel, "email"), isNotNull(messages.externalId)))
    .orderBy(asc(messages.createdAt));
  const ids = earlier.filter(
    (m) => m.createdAt <= message.createdAt && m.externalId && m.externalId !== message.externalId,
  );
  const lastCustomer = [...ids].reverse().find((m) => m.authorType === "contact")?.externalId ?? ids.at(-1)?.externalId;
  // The customer's mails, and a colleague's mail that came in by email (the cc case).
  const lastIncoming = [...ids].reverse().find((m) => m.authorType === "contact" || m.emailCc !== null);
  const chain = [issue.threadKey, ...ids.map((m) => m.externalId)].filter((id): id is string => Boolean(id));
  const unique = [...new Set(chain)];
  // Keep the root and the most recent ids: some servers reject very long References headers.
  const references = unique.length > 20 ? [unique[0] as string, ...unique.slice(-19)] : unique;
  return { inReplyTo: lastCustomer ?? issue.threadKey ?? undefined, references, cc: lastIncoming?.emailCc ?? [] };
}
