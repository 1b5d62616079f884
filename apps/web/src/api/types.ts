// The API's types as the web app names them, every one taken from @switchboard/api (type-only,
// so zod stays out of the bundle). Responses are the schemas' wire types: timestamps as strings.
import type {
  CreateViewInput,
  Decision,
  LoginInput,
  SessionUser,
  UpdateIssueInput,
  UpdateViewInput,
  User as UserOut,
  ViewFilter,
} from "@switchboard/api";
import type { z } from "zod";

export type {
  Account,
  Attachment,
  Channel,
  CustomField,
  DeliveryStatus,
  Issue,
  IssueEvent,
  IssueState,
  Macro,
  Message,
  Notification,
  Page,
  Priority,
  Ref,
  Session,
  Tag,
  Team,
  View,
  ViewLayout,
  ViewSort,
} from "@switchboard/api";

export type Credentials = z.input<typeof LoginInput>;
export type IssuePatch = z.input<typeof UpdateIssueInput>;
export type ViewInput = z.input<typeof CreateViewInput>;
export type ViewPatch = z.input<typeof UpdateViewInput>;
export type Filter = z.infer<typeof ViewFilter>;

/** The signed-in user, as login and /auth/me answer. */
export type User = SessionUser;
/** A workspace member as /users lists them. */
export type Person = UserOut;
/** An AI decision on an issue (router, priority…). */
export type AiDecision = Decision;
