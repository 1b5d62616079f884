// Linear (/api/v1/integrations/linear, /api/v1/issues/{number}/linear-links): the API-key
// connection, its teams, and customer issues linked to Linear issues (created or existing).
import { z } from "zod";
import { text, Uuid } from "./primitives";
import { Timestamp, type Wire } from "./responses";

export const LinearConnectionInput = z.strictObject({
  /** A Linear personal API key (lin_api_…); sealed at rest. */
  apiKey: z.string().trim().min(10).max(500),
  /** The signing secret of the Linear webhook pointed at /hooks/linear. */
  webhookSecret: z.string().trim().min(8).max(500).optional(),
  /** GraphQL base URL override (a proxy, a local stand-in); default https://api.linear.app. */
  apiUrl: z.string().url().max(500).optional(),
});

export const LinearConnection = z.discriminatedUnion("connected", [
  z.strictObject({ connected: z.literal(false) }),
  z.strictObject({
    connected: z.literal(true),
    organizationName: z.string().nullable(),
    apiUrl: z.string().nullable(),
    webhookConfigured: z.boolean(),
    updatedAt: Timestamp,
  }),
]);
export type LinearConnection = Wire<typeof LinearConnection>;

export const LinearTeam = z.strictObject({ id: z.string(), key: z.string(), name: z.string() });
export type LinearTeam = Wire<typeof LinearTeam>;

export const LinearLink = z.strictObject({
  id: Uuid,
  linearIssueId: z.string(),
  /** ENG-123 */
  identifier: z.string(),
  url: z.string(),
  title: z.string(),
  stateName: z.string(),
  /** Linear's state type: triage, backlog, unstarted, started, completed, canceled. */
  stateType: z.string(),
  createdAt: Timestamp,
});
export type LinearLink = Wire<typeof LinearLink>;

/** Create a Linear issue in a team (title and description default to the issue's), or link one by key or URL. */
export const LinearLinkInput = z.union([
  z.strictObject({
    teamId: z.string().trim().min(1).max(100),
    title: text(300).optional(),
    description: z.string().max(20_000).optional(),
  }),
  z.strictObject({
    /** "ENG-123" or its URL (https://linear.app/acme/issue/ENG-123/…). */
    issue: text(500),
  }),
]);
