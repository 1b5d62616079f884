// Response shapes of the /api/v1 endpoints the web app reads. Inputs and enums come from the
// shared zod schemas in @switchboard/api (type-only, so zod stays out of the bundle); response
// schemas do not exist there yet, so they are written out here until they do.
import type {
  CreateViewInput,
  channels,
  issueStates,
  LoginInput,
  priorities,
  UpdateIssueInput,
  UpdateViewInput,
  ViewFilter,
} from "@switchboard/api";
import type { z } from "zod";

export type IssueState = (typeof issueStates)[number];
export type Priority = (typeof priorities)[number];
export type Channel = (typeof channels)[number];
export type Credentials = z.input<typeof LoginInput>;
export type IssuePatch = z.input<typeof UpdateIssueInput>;
export type ViewInput = z.input<typeof CreateViewInput>;
export type ViewPatch = z.input<typeof UpdateViewInput>;
export type Filter = z.infer<typeof ViewFilter>;

export type User = {
  id: string;
  email: string;
  name: string;
  role: "admin" | "member" | "viewer";
  workspaceId: string;
};

/** What login and /auth/me answer; csrfToken is null for bearer-token callers. */
export type Session = { user: User; csrfToken: string | null };

export type Ref = { id: string; name: string };

export type Issue = {
  id: string;
  number: number;
  title: string;
  state: IssueState;
  priority: Priority;
  prioritySetBy?: string | null;
  channel: Channel;
  team: Ref | null;
  assignee: Ref | null;
  assigneeAgentId?: string | null;
  account: (Ref & { type: string; tier?: string | null }) | null;
  requester: (Ref & { email: string | null }) | null;
  tags: string[];
  customFields?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string | null;
};

export type Page<T> = { items: T[]; nextCursor: string | null };

export type Attachment = { id: string; filename: string; contentType: string; size: number };

export type DeliveryStatus = "pending" | "sent" | "unsent" | "failed";

export type Message = {
  id: string;
  authorType: "contact" | "user" | "agent" | "system";
  author: { name: string } | null;
  visibility: "public" | "internal";
  bodyText: string;
  bodyHtml?: string | null;
  attachments?: Attachment[];
  channel?: string;
  deliveryStatus?: DeliveryStatus | null;
  deliveryError?: string | null;
  /** Email: the others on the mail; replies keep them in Cc. */
  emailCc?: string[];
  createdAt: string;
};

export type IssueEvent = {
  seq: number;
  type: string;
  actorType: string;
  actorId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
};

export type ViewLayout = "list" | "kanban";
export type ViewSort = "priority" | "newest" | "oldest" | "updated";

export type View = {
  id: string;
  name: string;
  ownerType: "user" | "team" | "workspace";
  ownerUserId: string | null;
  ownerTeamId: string | null;
  filter: Filter;
  sort: ViewSort;
  layout: ViewLayout;
};

export type Person = User & { away?: boolean; deactivated?: boolean };
export type Team = Ref & { mode: "pooled" | "scoped"; leadUserId: string | null };
export type Tag = { id: string; name: string; color: string | null };

export type CustomField = {
  id: string;
  object: "issue" | "account";
  key: string;
  label: string;
  type: "text" | "number" | "boolean" | "date" | "select" | "multiselect" | "url" | "user";
  options: string[] | null;
  requiredOnClose: boolean;
};

export type Account = {
  id: string;
  name: string;
  domains: string[];
  type: string;
  ownerUserId: string | null;
  tier: string | null;
  health?: string | number | null;
  customFields: Record<string, unknown>;
};

export type Macro = {
  id: string;
  name: string;
  body: string;
  teamId: string | null;
  internal: boolean;
  actions?: { state?: IssueState; priority?: Priority; addTags?: string[]; teamId?: string | null } | null;
};

export type Notification = {
  id: string;
  kind: "mention" | "assigned" | string;
  issueId: string | null;
  data: { by?: string; issueNumber?: number; title?: string; excerpt?: string };
  readAt: string | null;
  createdAt: string;
};

/** An AI decision on an issue (router, priority…); the endpoint may not exist on every server. */
export type AiDecision = {
  id: string;
  kind: string;
  output: unknown;
  confidence: number | null;
  reason: string | null;
  provider?: string | null;
  overriddenBy?: string | null;
  createdAt: string;
};
