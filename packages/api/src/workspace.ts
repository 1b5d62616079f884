// /workspace: the tenant's own settings; /setup: the first run that creates the first workspace.
import { z } from "zod";
import { text, Uuid } from "./primitives";
import type { Wire } from "./responses";
import { plans } from "./vocabulary";

const domainPattern = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/;

/** An email domain of the company (`acme.com`), lower-cased. */
export const EmailDomain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(domainPattern, "Give a domain like acme.com (no @, no http://).");

/** An IANA time zone name (`Europe/Berlin`). */
export const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, "Unknown time zone: use an IANA name like Europe/Berlin.");

export const Plan = z.enum(plans);

export const WorkspaceSettings = z.strictObject({
  id: Uuid,
  name: z.string(),
  domains: z.array(z.string()),
  timeZone: z.string(),
  plan: Plan,
});
export type WorkspaceSettings = Wire<typeof WorkspaceSettings>;

export const UpdateWorkspaceInput = z.strictObject({
  name: text(200).optional(),
  domains: z.array(EmailDomain).min(1).max(20).optional(),
  timeZone: TimeZone.optional(),
  plan: Plan.optional(),
});

/**
 * Whether this instance still waits for its first workspace, and whether it runs the demo
 * (SWITCHBOARD_DEMO=1: the sign-in page may show the demo's published credentials).
 */
export const SetupStatus = z.strictObject({ needed: z.boolean(), demo: z.boolean() });
export type SetupStatus = Wire<typeof SetupStatus>;

export const SetupInput = z.strictObject({
  /** The one-time token the server printed in its log. */
  token: z.string().trim().min(10).max(200),
  workspace: z.strictObject({
    name: text(200),
    domains: z.array(EmailDomain).min(1).max(20),
    timeZone: TimeZone,
  }),
  admin: z.strictObject({
    name: text(200),
    email: z.string().trim().email().max(320),
    password: z.string().min(1).max(1024),
  }),
});
