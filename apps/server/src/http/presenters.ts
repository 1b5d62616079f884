// Turns rows into API shapes, in one place: routes never hand-build response objects. Each
// presenter returns its response schema's `Presented` type, so a field the schema does not know
// fails the build here, and the serializer refuses at run time what the types could not see.

import type {
  Account,
  Calendar,
  Contact,
  CustomField,
  DeliveryStatus,
  Issue,
  IssueEvent,
  Message,
  Presented,
  QuarantineEntry,
  SlaPolicy,
  Tag,
  Team,
  User,
  View,
  ViewLayout,
  ViewSort,
} from "@switchboard/api";
import { toConditionNode } from "@switchboard/api";
import { SLA_TARGETS, type SlaTarget } from "@switchboard/api/vocabulary";
import type { AccountRow, ContactRow } from "../commands/customers";
import { assignsOnReply } from "../commands/sending";
import type { TeamRow, UserRow } from "../commands/team";
import type { customFields, issueEvents, messages, quarantine, tags, views } from "../db/schema";
import { labelOf } from "../domain/sentiment";
import type { IssueListRow } from "../queries/issues";
import type { CalendarRow, SlaPolicyRow } from "../queries/sla";

export function presentIssue(row: IssueListRow): Presented<typeof Issue> {
  const i = row.issue;
  return {
    id: i.id,
    number: i.number,
    title: i.title,
    state: i.state,
    priority: i.priority,
    prioritySetBy: i.prioritySetBy,
    channel: i.channel,
    source: i.source,
    team: row.team,
    assignee: row.assignee ? { id: row.assignee.id, name: row.assignee.name } : null,
    assigneeAgentId: i.assigneeAgentId,
    account: row.account,
    requester: row.requester,
    tags: i.tags,
    customFields: i.customFields,
    firstResponseAt: i.firstResponseAt,
    resolvedAt: i.resolvedAt,
    mergedIntoIssueId: i.mergedIntoIssueId,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    lastMessageAt: i.lastMessageAt,
    route: row.route,
    broadcast: row.broadcast,
    sla: {
      policy: row.slaPolicy,
      firstResponseDueAt: i.slaFirstResponseDueAt,
      nextResponseDueAt: i.slaNextResponseDueAt,
      resolutionDueAt: i.slaResolutionDueAt,
      breached: slaTargets(i.slaBreached),
      paused: i.slaPaused,
    },
  };
}

function slaTargets(stored: readonly string[]): SlaTarget[] {
  return SLA_TARGETS.filter((t) => stored.includes(t));
}

type MessageJoin = {
  message: typeof messages.$inferSelect;
  user: { id: string; name: string } | null;
  contact: { id: string; name: string; email: string | null } | null;
};

export function presentMessage(row: MessageJoin): Presented<typeof Message> {
  const m = row.message;
  return {
    id: m.id,
    authorType: m.authorType,
    author:
      row.user ??
      row.contact ??
      // A colleague outside Switchboard (an internal Slack thread's reply) is shown by name.
      (m.authorName ? { name: m.authorName } : m.authorType === "system" ? { name: "Switchboard" } : null),
    visibility: m.visibility,
    bodyText: m.deletedAt ? "" : m.bodyText,
    bodyHtml: m.deletedAt ? null : m.bodyHtml,
    attachments: m.attachments,
    channel: m.channel,
    // A text column that only ever holds the delivery states (commands/messages.ts).
    deliveryStatus: m.deliveryStatus as DeliveryStatus | null,
    deliveryError: m.deliveryError,
    deliveryFix: m.deliveryFix ?? null,
    deliverAfter: m.deliveryStartedAt ? null : m.deliverAfter,
    emailCc: m.emailCc ?? [],
    editedAt: m.editedAt,
    deletedAt: m.deletedAt,
    sentiment:
      m.sentimentScore === null || m.deletedAt
        ? null
        : { score: m.sentimentScore, label: labelOf(m.sentimentScore), phrases: m.sentimentPhrases ?? [] },
    createdAt: m.createdAt,
  };
}

export function presentEvent(e: typeof issueEvents.$inferSelect): Presented<typeof IssueEvent> {
  return { seq: e.seq, type: e.type, actorType: e.actorType, actorId: e.actorId, data: e.data, createdAt: e.createdAt };
}

export function presentAccount(a: AccountRow): Presented<typeof Account> {
  return {
    id: a.id,
    name: a.name,
    domains: a.domains,
    type: a.type,
    ownerUserId: a.ownerUserId,
    tier: a.tier,
    crmId: a.crmId,
    health: a.health,
    customFields: a.customFields,
    renewalDate: a.renewalDate,
    tcv: a.tcv,
    products: a.products,
    crm: a.crmSource ? { source: a.crmSource, fields: a.crmFields, syncedAt: a.crmSyncedAt } : null,
    tags: a.tags,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}

export function presentContact(c: ContactRow): Presented<typeof Contact> {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    accountId: c.accountId,
    slackUserId: c.slackUserId,
    externalId: c.externalId,
    portalAdmin: c.portalAdmin,
    roles: c.roles,
    createdAt: c.createdAt,
  };
}

export function presentUser(u: UserRow): Presented<typeof User> {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    workspaceId: u.workspaceId,
    away: u.away,
    slackUserId: u.slackUserId,
    deactivated: u.deactivatedAt !== null,
  };
}

export function presentTeam(t: TeamRow, members: { userId: string; tiers: string[] }[] = []): Presented<typeof Team> {
  return {
    id: t.id,
    name: t.name,
    mode: t.mode,
    leadUserId: t.leadUserId,
    description: t.description,
    assignOnReply: assignsOnReply(t),
    csatEnabled: t.csatEnabled,
    csatScale: t.csatScale,
    members,
  };
}

export const presentTag = (t: typeof tags.$inferSelect): Presented<typeof Tag> => ({
  id: t.id,
  name: t.name,
  color: t.color,
});

export const presentCustomField = (f: typeof customFields.$inferSelect): Presented<typeof CustomField> => ({
  id: f.id,
  object: f.object,
  key: f.key,
  label: f.label,
  type: f.type,
  options: f.options,
  requiredOnClose: f.requiredOnClose,
  aiEnabled: f.aiEnabled,
  description: f.description,
  source: f.source,
});

export const presentView = (v: typeof views.$inferSelect): Presented<typeof View> => ({
  id: v.id,
  name: v.name,
  ownerType: v.ownerType,
  ownerUserId: v.ownerUserId,
  ownerTeamId: v.ownerTeamId,
  // Stored as a condition tree since migration 0010; a row an older server wrote during a rolling
  // upgrade is read through the same rewrite the view queries use.
  filter: toConditionNode(v.filter) ?? { all: [] },
  sort: v.sort as ViewSort,
  layout: v.layout as ViewLayout,
});

export const presentQuarantine = (q: typeof quarantine.$inferSelect): Presented<typeof QuarantineEntry> => ({
  id: q.id,
  channel: q.channel,
  reason: q.reason,
  status: q.status,
  meta: q.meta,
  raw: q.raw.length > 100_000 ? `${q.raw.slice(0, 100_000)}\n…[truncated]` : q.raw,
  createdAt: q.createdAt,
  resolvedAt: q.resolvedAt,
});

export function presentCalendar(row: CalendarRow, teamIds: string[]): Presented<typeof Calendar> {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    hours: row.hours,
    holidays: row.holidays,
    isDefault: row.isDefault,
    teamIds,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function presentSlaPolicy(row: SlaPolicyRow): Presented<typeof SlaPolicy> {
  return {
    id: row.id,
    name: row.name,
    position: row.position,
    enabled: row.enabled,
    conditions: row.conditions,
    calendarId: row.calendarId,
    firstResponseMinutes: row.firstResponseMinutes,
    nextResponseMinutes: row.nextResponseMinutes,
    resolutionMinutes: row.resolutionMinutes,
    businessTime: row.businessTime,
    pauseOn: row.pauseOn,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
