// The widget adapter: boots a customer session (verifying the host app's identity hash),
// turns the customer's messages into InboundMessages for `ingestInbound` (the same intake as
// email and Slack: contact by verified email, account by domain, routing on creation), and shows
// a conversation as the customer may see it.
import { randomUUID } from "node:crypto";
import { checkAttachedFile } from "../../commands/attachments";
import { runCommand } from "../../commands/context";
import { recordCsat } from "../../commands/csat";
import { ingestInbound } from "../../commands/inbound";
import type { InboundAttachment, InboundMessage } from "../../commands/inboundMessage";
import { setIssueFields } from "../../commands/issues";
import { editWidgetMessage, markWidgetSeen, openWidgetSession } from "../../commands/widget";
import { AppError, invalid, notFound } from "../../domain/errors";
import {
  customerState,
  editableUntil,
  verifyUserHash,
  WIDGET_MAX_FILE_BYTES,
  WIDGET_MAX_FILES,
} from "../../domain/widget";
import { csatSurveyOf } from "../../queries/csat";
import { getAttachment } from "../../queries/email";
import {
  csatOf,
  sessionByToken,
  sessionContact,
  type WidgetSessionRow,
  widgetByAppId,
  widgetConversation,
  widgetConversations,
  widgetMessages,
  widgetScope,
} from "../../queries/widget";
import type { Services } from "../../services";

const WIDGET_ACTOR = { type: "system", name: "widget" } as const;

export interface BootInput {
  appId: string;
  user?: { email?: string; name?: string; userHash?: string };
}

/** Thrown for a userHash that does not match: the caller logs it (who tried, for which app). */
export class ForgedIdentity extends AppError {
  constructor(
    readonly appId: string,
    readonly email: string,
  ) {
    super("invalid_signature", "The user's identity hash does not match this widget's secret.");
  }
}

/**
 * A new session. With an email and a matching userHash the customer is verified (they see their
 * earlier conversations); with an email and no hash they are an anonymous visitor whose claimed
 * address is kept as a hint only; a hash that does not match is refused.
 */
export async function bootWidget(services: Services, input: BootInput) {
  const widget = await widgetByAppId(services.database.db, input.appId);
  if (!widget) throw notFound("Widget");
  const { email, name, userHash } = input.user ?? {};
  if (userHash !== undefined && !email) throw new AppError("validation_failed", "A userHash needs the user's email.");
  const verified = Boolean(email && userHash);
  if (email && userHash && !verifyUserHash(email, userHash, services.secrets.open(widget.secretSealed))) {
    throw new ForgedIdentity(widget.appId, email);
  }
  return runCommand(services, { workspaceId: widget.workspaceId, actor: WIDGET_ACTOR }, (ctx) =>
    openWidgetSession(ctx, { widgetId: widget.id, verified, email: email ?? null, name: name ?? null }),
  );
}

export interface Customer {
  session: WidgetSessionRow;
  contact?: { contactId: string; accountId: string | null };
}

export async function customerOfToken(services: Services, token: string | undefined): Promise<Customer> {
  const now = services.now?.() ?? new Date();
  const session = token ? await sessionByToken(services.database.db, token, now) : undefined;
  if (!session) throw new AppError("unauthenticated", "Boot the widget again: this session is unknown or expired.");
  return { session, contact: await sessionContact(services.database.db, session) };
}

export async function conversationsOf(services: Services, customer: Customer) {
  if (!customer.contact) return [];
  const scope = widgetScope(customer.session, customer.contact);
  const rows = await widgetConversations(services.database.db, scope);
  return Promise.all(rows.map((row) => presentConversation(services, customer.session.workspaceId, row)));
}

export async function threadOf(services: Services, customer: Customer, number: number) {
  if (!customer.contact) throw notFound(`Conversation #${number}`);
  const db = services.database.db;
  const scope = widgetScope(customer.session, customer.contact);
  const row = await widgetConversation(db, scope, number);
  const messages = await widgetMessages(db, scope, row.id);
  return {
    conversation: await presentConversation(services, customer.session.workspaceId, row),
    messages: messages.map((m) => ({
      id: m.id,
      from: m.contactId ? ("customer" as const) : ("agent" as const),
      authorName: (m.contactId ? m.contactName : m.userName) ?? "Support",
      authorAvatarUrl: !m.contactId && m.userAvatarUrl && /^https?:\/\//.test(m.userAvatarUrl) ? m.userAvatarUrl : null,
      text: m.text,
      attachments: m.attachments.map(({ id, filename, contentType, size }) => ({ id, filename, contentType, size })),
      editedAt: m.editedAt,
      // Only the customer's own chat messages (their email to the same issue is not the widget's to change).
      editableUntil: m.contactId && m.channel === "widget" ? editableUntil(m.createdAt) : null,
      createdAt: m.createdAt,
    })),
  };
}

type ConversationRow = Awaited<ReturnType<typeof widgetConversation>>;

async function presentConversation(services: Services, workspaceId: string, row: ConversationRow) {
  const db = services.database.db;
  const csat = row.state === "closed" ? await csatOf(db, workspaceId, row.id) : undefined;
  const survey = row.state === "closed" ? await csatSurveyOf(db, workspaceId, row.id) : undefined;
  return {
    number: row.number,
    title: row.title,
    state: customerState(row.state),
    unread: row.unread,
    updatedAt: row.updatedAt,
    csat: csat ? { score: csat.score, comment: csat.comment } : null,
    survey: survey && "scale" in survey ? survey.scale : null,
  };
}

/** The customer as the channel names them: verified by email, else only this session's visitor. */
function authorOf(session: WidgetSessionRow) {
  const name = session.name ?? undefined;
  return session.verified && session.email
    ? { email: session.email, name }
    : { externalUserId: session.visitorKey, name: name ?? "Visitor" };
}

/** What a customer sends: text, files, or both. */
export interface WidgetSend {
  text: string;
  clientId: string;
  files?: { filename: string; contentType: string; data: string }[];
}

/**
 * The customer's files, refused in words when there are too many, one is too big, or it is not
 * a kind the chat takes (judged by its bytes, not by the type the browser declared).
 */
function widgetAttachments(files: WidgetSend["files"]): InboundAttachment[] {
  if (!files || files.length === 0) return [];
  if (files.length > WIDGET_MAX_FILES) throw invalid(`Attach at most ${WIDGET_MAX_FILES} files to a message.`);
  return files.map((file, i) => {
    const content = Buffer.from(file.data, "base64");
    checkAttachedFile({ ...file, content }, WIDGET_MAX_FILE_BYTES, `files.${i}`);
    return { filename: file.filename, contentType: file.contentType, size: content.length, content };
  });
}

function inboundOf(customer: Customer, input: WidgetSend, threadKey: string): InboundMessage {
  const { session } = customer;
  const attachments = widgetAttachments(input.files);
  if (!input.text && attachments.length === 0) throw invalid("Write a message or attach a file.", { field: "text" });
  return {
    workspaceId: session.workspaceId,
    channel: "widget",
    threadKey,
    externalId: `${session.id}:${input.clientId}`,
    author: authorOf(session),
    text: input.text,
    ...(attachments.length > 0 && { attachments }),
    sentAt: new Date(),
    source: { widget: session.widgetId, verified: session.verified ? "yes" : "no" },
  };
}

/** A new conversation: an issue in the widget channel, routed like any other new issue. */
export async function startConversation(
  services: Services,
  customer: Customer,
  input: WidgetSend & { fields?: Record<string, unknown> },
) {
  const { session } = customer;
  if (!input.text) throw invalid("Write your question to start the conversation.", { field: "text" });
  const inbound = inboundOf(customer, input, randomUUID());
  const number = await runCommand(services, { workspaceId: session.workspaceId, actor: WIDGET_ACTOR }, async (ctx) => {
    const result = await ingestInbound(ctx, inbound);
    if (result.createdIssue && input.fields && Object.keys(input.fields).length > 0) {
      await setIssueFields(ctx, result.issue.number, input.fields);
    }
    return result.issue.number;
  });
  // An anonymous visitor's first message created their contact: look it up again.
  const contact = customer.contact ?? (await sessionContact(services.database.db, session));
  return threadOf(services, { session, contact }, number);
}

/** A message of the customer in one of their conversations (a retried send is stored once). */
export async function sendMessage(services: Services, customer: Customer, number: number, input: WidgetSend) {
  const { issue } = await visibleIssue(services, customer, number);
  const inbound = inboundOf(customer, input, issue.threadKey ?? "");
  await runCommand(services, { workspaceId: customer.session.workspaceId, actor: WIDGET_ACTOR }, (ctx) =>
    ingestInbound(ctx, inbound),
  );
  return threadOf(services, customer, number);
}

/** The customer corrects one of their own recent messages (the rule: commands/widget.ts). */
export async function editMessage(
  services: Services,
  customer: Customer,
  number: number,
  messageId: string,
  input: { text: string },
) {
  const { issue, contact } = await visibleIssue(services, customer, number);
  await runCommand(
    services,
    { workspaceId: customer.session.workspaceId, actor: { type: "contact", ...contact } },
    (ctx) => editWidgetMessage(ctx, { issueId: issue.id, messageId, contactId: contact.contactId, text: input.text }),
  );
  return threadOf(services, customer, number);
}

/**
 * A file of a message the customer sees in this conversation (theirs or an agent's public reply);
 * an internal note's files, or another conversation's, are not found.
 */
export async function attachmentOf(services: Services, customer: Customer, number: number, attachmentId: string) {
  if (!customer.contact) throw notFound("Attachment");
  const db = services.database.db;
  const scope = widgetScope(customer.session, customer.contact);
  const row = await widgetConversation(db, scope, number);
  const shown = (await widgetMessages(db, scope, row.id)).some((m) => m.attachments.some((a) => a.id === attachmentId));
  const file = shown ? await getAttachment(db, scope, attachmentId) : undefined;
  if (!file || file.issueId !== row.id) throw notFound("Attachment");
  return file;
}

export async function markSeen(services: Services, customer: Customer, number: number) {
  const { issue } = await visibleIssue(services, customer, number);
  await runCommand(services, { workspaceId: customer.session.workspaceId, actor: WIDGET_ACTOR }, (ctx) =>
    markWidgetSeen(ctx, issue.id),
  );
}

export async function rateConversation(
  services: Services,
  customer: Customer,
  number: number,
  input: { score: number; comment?: string },
) {
  const { issue, contact } = await visibleIssue(services, customer, number);
  return runCommand(
    services,
    { workspaceId: customer.session.workspaceId, actor: { type: "contact", ...contact } },
    (ctx) => recordCsat(ctx, issue.id, { ...input, channel: "widget" }),
  );
}

async function visibleIssue(services: Services, customer: Customer, number: number) {
  if (!customer.contact) throw notFound(`Conversation #${number}`);
  const scope = widgetScope(customer.session, customer.contact);
  const row = await widgetConversation(services.database.db, scope, number);
  return { issue: { id: row.id, number: row.number, threadKey: row.threadKey }, contact: customer.contact };
}
