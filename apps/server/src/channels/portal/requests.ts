// The portal adapter: a signed-in customer's forms, requests and replies. A submitted form
// becomes an InboundMessage for `ingestInbound` (the intake every channel uses, so routing,
// triggers and priority run), with the form's defaults and custom-field values set on the new
// issue in the same transaction; reading goes through the customer's read scope.
import type { PortalFormView, portalFieldTypes } from "@switchboard/api";
import { runCommand } from "../../commands/context";
import { recordCsat } from "../../commands/csat";
import { ingestInbound } from "../../commands/inbound";
import type { InboundAttachment, InboundMessage } from "../../commands/inboundMessage";
import { setIssueFields, setPriority, setTags } from "../../commands/issues";
import { loadIssueByIdForUpdate } from "../../commands/lookup";
import { notFound } from "../../domain/errors";
import { checkSubmission, type Submission } from "../../domain/portalForms";
import { customerState } from "../../domain/widget";
import { getAttachment } from "../../queries/email";
import { portalArticlePath, searchForCustomer } from "../../queries/knowledge";
import {
  getPortalForm,
  issueFieldCatalog,
  listPortalForms,
  type PortalCustomer,
  type PortalFormRow,
  type PortalIssueRow,
  portalIssue,
  portalIssues,
  portalMessages,
  portalScope,
} from "../../queries/portal";
import { csatOf } from "../../queries/widget";
import { workspaceDomain } from "../../queries/workspaceDomain";
import type { Services } from "../../services";

const PORTAL_ACTOR = { type: "system", name: "portal" } as const;
type FieldType = (typeof portalFieldTypes)[number] | "file";

/** The forms as the customer fills them: custom fields resolved to label, type and options. */
export async function formsFor(services: Services, customer: PortalCustomer): Promise<PortalFormView[]> {
  const db = services.database.db;
  const [forms, catalog] = await Promise.all([
    listPortalForms(db, customer.workspaceId),
    issueFieldCatalog(db, customer.workspaceId),
  ]);
  return forms.map((form) => viewOf(form, catalog));
}

type Catalog = Awaited<ReturnType<typeof issueFieldCatalog>>;

function viewOf(form: PortalFormRow, catalog: Catalog): PortalFormView {
  const fields = form.fields.flatMap((field) => {
    if (field.type === "file") {
      const type: FieldType = "file";
      return [
        { key: "file", label: field.label, type, options: [], required: field.required, helpText: field.helpText },
      ];
    }
    const def = catalog.get(field.key);
    // A catalog field deleted since the form was built is left out rather than asked for.
    if (!def) return [];
    const type = def.type as FieldType;
    return [
      {
        key: def.key,
        label: def.label,
        type,
        options: def.options,
        required: field.required,
        helpText: field.helpText,
      },
    ];
  });
  return { id: form.id, name: form.name, description: form.description, fields };
}

function attachmentsOf(files: Submission["files"]): InboundAttachment[] {
  return (files ?? []).map((file) => {
    const content = Buffer.from(file.data, "base64");
    return { filename: file.filename, contentType: file.contentType, size: content.length, content };
  });
}

/** A submitted form: a new issue in the portal channel, routed like any other new issue. */
export async function submitForm(services: Services, customer: PortalCustomer, formId: string, input: Submission) {
  const db = services.database.db;
  const form = await getPortalForm(db, customer.workspaceId, formId);
  const values = checkSubmission(viewOf(form, await issueFieldCatalog(db, customer.workspaceId)), input);
  const inbound: InboundMessage = {
    workspaceId: customer.workspaceId,
    channel: "portal",
    threadKey: `portal:${input.clientId}`,
    externalId: `portal:${customer.contactId}:${input.clientId}`,
    author: { email: customer.email ?? undefined, name: customer.name },
    subject: input.subject,
    text: input.description,
    attachments: attachmentsOf(input.files),
    sentAt: services.now?.() ?? new Date(),
    source: { form: form.id, formName: form.name },
    ...(customer.accountId && { accountId: customer.accountId }),
    ...(form.defaultTeamId && { defaultTeamId: form.defaultTeamId }),
  };
  const number = await runCommand(services, { workspaceId: customer.workspaceId, actor: PORTAL_ACTOR }, async (ctx) => {
    const result = await ingestInbound(ctx, inbound);
    if (!result.createdIssue) return result.issue.number;
    const { number } = result.issue;
    if (Object.keys(values).length > 0) await setIssueFields(ctx, number, values);
    // An admin's rule, like a trigger's: the AI priority leaves it alone ("default" means unset).
    if (form.defaultPriority)
      await setPriority(ctx, number, form.defaultPriority, "trigger", `portal form ${form.name}`);
    if (form.defaultTags.length > 0) await setTags(ctx, number, [...result.issue.tags, ...form.defaultTags]);
    return number;
  });
  return threadOf(services, customer, number);
}

export async function issuesOf(services: Services, customer: PortalCustomer, which: "mine" | "account") {
  const rows = await portalIssues(services.database.db, portalScope(customer, which));
  return Promise.all(rows.map((row) => presentIssue(services, customer, row)));
}

export async function threadOf(services: Services, customer: PortalCustomer, number: number) {
  const db = services.database.db;
  const scope = portalScope(customer);
  const row = await portalIssue(db, scope, number);
  const messages = await portalMessages(db, scope, row.id);
  return {
    issue: await presentIssue(services, customer, row),
    messages: messages.map((m) => ({
      id: m.id,
      from: m.contactId ? ("customer" as const) : ("agent" as const),
      authorName: (m.contactId ? m.contactName : m.userName) ?? "Support",
      // As in the widget: the agent's photo (an http(s) address only), else the portal shows none.
      authorAvatarUrl: !m.contactId && m.userAvatarUrl && /^https?:\/\//.test(m.userAvatarUrl) ? m.userAvatarUrl : null,
      text: m.text,
      attachments: m.attachments.map((a) => ({ id: a.id, filename: a.filename, size: a.size })),
      createdAt: m.createdAt,
    })),
  };
}

/**
 * A file the customer may download: on a message their thread shows (their own, or an agent's public
 * reply once sent; never a note's, never one uploaded but not sent), of an issue they may read.
 */
export async function attachmentOf(services: Services, customer: PortalCustomer, number: number, attachmentId: string) {
  const db = services.database.db;
  const scope = portalScope(customer);
  const row = await portalIssue(db, scope, number);
  const shown = (await portalMessages(db, scope, row.id)).some((m) => m.attachments.some((a) => a.id === attachmentId));
  const file = shown ? await getAttachment(db, scope, attachmentId) : undefined;
  if (!file || file.issueId !== row.id) throw notFound("Attachment");
  return file;
}

async function presentIssue(services: Services, customer: PortalCustomer, row: PortalIssueRow) {
  const csat = row.state === "closed" ? await csatOf(services.database.db, customer.workspaceId, row.id) : undefined;
  return {
    number: row.number,
    title: row.title,
    state: customerState(row.state),
    channel: row.channel,
    requesterName: row.requesterName,
    mine: row.requesterContactId === customer.contactId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    csat: csat ? { score: csat.score, comment: csat.comment } : null,
  };
}

/** The customer's reply on an issue they may read (a retried send is stored once). */
export async function replyTo(
  services: Services,
  customer: PortalCustomer,
  number: number,
  input: { text: string; clientId: string },
) {
  const row = await portalIssue(services.database.db, portalScope(customer), number);
  const inbound: InboundMessage = {
    workspaceId: customer.workspaceId,
    channel: "portal",
    threadKey: row.threadKey ?? `portal:issue:${row.id}`,
    externalId: `portal:${customer.contactId}:${input.clientId}`,
    author: { email: customer.email ?? undefined, name: customer.name },
    text: input.text,
    sentAt: services.now?.() ?? new Date(),
    source: {},
  };
  // A Slack, email or widget issue has no portal thread key: the reply joins that issue itself.
  await runCommand(services, { workspaceId: customer.workspaceId, actor: PORTAL_ACTOR }, async (ctx) =>
    ingestInbound(ctx, inbound, row.channel === "portal" ? {} : { thread: await loadIssueByIdForUpdate(ctx, row.id) }),
  );
  return threadOf(services, customer, number);
}

/** CSAT inline on a resolved issue, through the one CSAT writer. */
export async function rateIssue(
  services: Services,
  customer: PortalCustomer,
  number: number,
  input: { score: number; comment?: string },
) {
  const row = await portalIssue(services.database.db, portalScope(customer), number);
  const actor = { type: "contact", contactId: customer.contactId, accountId: customer.accountId } as const;
  return runCommand(services, { workspaceId: customer.workspaceId, actor }, (ctx) =>
    recordCsat(ctx, row.id, { ...input, channel: "portal" }),
  );
}

/**
 * The help center's articles this customer may read: the public ones and those meant for their
 * account's type (read from their contact, never from the request). Articles for an account
 * type are not on the public help center, so they come without a link.
 */
export async function searchHelpFor(services: Services, customer: PortalCustomer, q: string) {
  const db = services.database.db;
  const domain = await workspaceDomain(db, customer.workspaceId);
  const hits = await searchForCustomer(db, portalScope(customer), q, 10);
  return hits.map((h) => ({
    id: h.id,
    title: h.title,
    // Articles for account types have no public page: the portal shows them to their customers.
    url: h.visibility === "public" ? `/help/${domain}/articles/${h.slug}` : portalArticlePath(domain, h.slug),
    highlight: h.highlight,
  }));
}
