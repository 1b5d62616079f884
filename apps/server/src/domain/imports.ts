// Records from another help desk, in our words, and the pure rules that map them: a ticket's status
// to our lifecycle, its priority, a field type, and a CSV row through a column mapping. The sources
// (integrations/import) produce these; the import commands write them.
import type { CustomFieldType } from "./customFields";
import type { IssueState, Priority } from "./lifecycle";

export interface ImportedPerson {
  externalId: string;
  name: string;
  email: string | null;
  /** Zendesk's roles: agents and admins become users (no login until invited); end users contacts. */
  role: "end-user" | "agent" | "admin";
  organizationExternalId: string | null;
  /** Contact roles (CSV), for broadcasts by role. */
  roles?: string[];
}

export interface ImportedOrganization {
  externalId: string;
  name: string;
  domains: string[];
  tags: string[];
  tier?: string;
  type?: "prospect" | "trial" | "customer" | "churned";
}

export interface ImportedAttachment {
  externalId: string;
  fileName: string;
  contentType: string;
  /** Downloaded bytes; null when the file was over the size limit or could not be fetched (reason). */
  content: Buffer | null;
  reason?: string;
}

export interface ImportedComment {
  externalId: string;
  authorExternalId: string;
  body: string;
  html: string | null;
  public: boolean;
  createdAt: Date;
  attachments: ImportedAttachment[];
}

export interface ImportedIssue {
  externalId: string;
  title: string;
  state: IssueState;
  priority: Priority;
  requesterExternalId: string;
  assigneeExternalId: string | null;
  organizationExternalId: string | null;
  /** The source's group (Zendesk's `group_id`): the issue's team once the group is imported. */
  groupExternalId?: string | null;
  tags: string[];
  /** Custom field values by the source's field id. */
  fields: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  comments: ImportedComment[];
}

/** A group of agents in the source (Zendesk's groups): a team here. */
export interface ImportedGroup {
  externalId: string;
  name: string;
  description: string;
}

/** An agent's place in a group (Zendesk's group memberships): a member of that team here. */
export interface ImportedMembership {
  externalId: string;
  userExternalId: string;
  groupExternalId: string;
}

export interface ImportedField {
  externalId: string;
  title: string;
  type: CustomFieldType;
  options: string[];
}

export interface ImportedMacro {
  externalId: string;
  title: string;
  body: string;
  internal: boolean;
}

export interface ImportedArticle {
  externalId: string;
  title: string;
  body: string;
  draft: boolean;
}

/** The custom field key a source's field gets: stable, so a re-run finds it again. */
export const importedFieldKey = (source: string, externalId: string) => `${source}_${externalId}`;

const STATES: Record<string, IssueState> = {
  new: "new",
  open: "on_you",
  pending: "on_customer",
  hold: "on_hold",
  solved: "closed",
  closed: "closed",
};

/** Zendesk ticket status → our state; an unknown status is a reason to skip the ticket. */
export function stateOfStatus(status: unknown): IssueState | undefined {
  return typeof status === "string" ? STATES[status] : undefined;
}

const PRIORITIES: Record<string, Priority> = { urgent: "urgent", high: "high", normal: "medium", low: "low" };

export function priorityOf(priority: unknown): Priority {
  return (typeof priority === "string" && PRIORITIES[priority]) || "none";
}

const FIELD_TYPES: Record<string, CustomFieldType> = {
  text: "text",
  textarea: "text",
  regexp: "text",
  partialcreditcard: "text",
  integer: "number",
  decimal: "number",
  checkbox: "boolean",
  date: "date",
  tagger: "select",
  multiselect: "multiselect",
};

/** A Zendesk ticket field type as ours; system fields (subject, status, group …) map to none. */
export function fieldTypeOf(type: unknown): CustomFieldType | undefined {
  return typeof type === "string" ? FIELD_TYPES[type] : undefined;
}

/** A timestamp the source sent; anything unreadable is undefined (the record is skipped with why). */
export function parseTime(value: unknown): Date | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** CSV mapping: our field name → the CSV column it is read from. */
export type CsvMapping = Record<string, string>;

export type CsvObject = "issue" | "account" | "contact";

/** The fields each object can be given from a CSV column; `externalId` makes re-runs update. */
export const CSV_FIELDS: Record<CsvObject, { required: readonly string[]; optional: readonly string[] }> = {
  account: { required: ["externalId", "name"], optional: ["domains", "tier", "type", "tags"] },
  contact: { required: ["externalId", "name"], optional: ["email", "account", "roles"] },
  issue: {
    required: ["externalId", "title", "requesterEmail"],
    optional: ["requesterName", "body", "state", "priority", "tags", "createdAt", "account"],
  },
};

/** Problems of a mapping for an object (unknown fields, required ones missing); empty when usable. */
export function csvMappingProblems(object: CsvObject, mapping: CsvMapping, header: readonly string[]): string[] {
  const { required, optional } = CSV_FIELDS[object];
  const known = new Set([...required, ...optional]);
  const problems: string[] = [];
  for (const field of Object.keys(mapping)) if (!known.has(field)) problems.push(`unknown field "${field}"`);
  for (const field of required) if (!mapping[field]) problems.push(`"${field}" is required`);
  for (const [field, column] of Object.entries(mapping))
    if (!header.includes(column)) problems.push(`column "${column}" (for "${field}") is not in the file`);
  return problems;
}

/** The CLI's `--type` (and the settings page's kind) as the object it imports. */
export const CSV_KINDS = { issues: "issue", accounts: "account", contacts: "contact" } as const satisfies Record<
  string,
  CsvObject
>;

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A first mapping: each field to the column named like it ("External ID", "external_id" → externalId). */
export function suggestCsvMapping(object: CsvObject, columns: readonly string[]): CsvMapping {
  const { required, optional } = CSV_FIELDS[object];
  const out: CsvMapping = {};
  for (const field of [...required, ...optional]) {
    const column = columns.find((c) => squash(c) === squash(field));
    if (column) out[field] = column;
  }
  return out;
}

/** One CSV row read through the mapping: field → trimmed value (empty cells left out). */
export function mapCsvRow(row: Record<string, string>, mapping: CsvMapping): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, column] of Object.entries(mapping)) {
    const value = row[column]?.trim();
    if (value) out[field] = value;
  }
  return out;
}

/** A list cell ("a; b, c") as its items. */
export const listCell = (value: string | undefined): string[] =>
  (value ?? "")
    .split(/[;,]/)
    .map((s) => s.trim())
    .filter(Boolean);
