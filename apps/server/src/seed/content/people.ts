// The demo company's people and teams, as in the seed story: Support, Migrations and Billing are
// pooled; Sales is scoped by account owner and Customer Success by account tier.
import type { Role } from "../../domain/permissions";

export type TeamName = "Support" | "Customer Success" | "Migrations" | "Sales" | "Billing";

export interface DemoUser {
  key: string;
  name: string;
  role: Role;
  title: string;
  /** Can sign in with the demo password (hashing is slow, so only a few demo logins: one per role). */
  login?: boolean;
}

/** Emails are `<key>@demo.switchboard.test`; those with `login` sign in with the admin's password. */
export const DEMO_USERS: readonly DemoUser[] = [
  { key: "priya", name: "Priya Raman", role: "admin", title: "Head of Support", login: true },
  { key: "marcus", name: "Marcus Bell", role: "member", title: "Support Engineer", login: true },
  { key: "sofia", name: "Sofia Alvarez", role: "member", title: "Support Engineer" },
  { key: "kenji", name: "Kenji Watanabe", role: "member", title: "Support Engineer" },
  { key: "hannah", name: "Hannah Okafor", role: "member", title: "Support Engineer" },
  { key: "daniel", name: "Daniel Brooks", role: "member", title: "Director of Customer Success" },
  { key: "aisha", name: "Aisha Khan", role: "member", title: "Customer Success Manager", login: true },
  { key: "tom", name: "Tom Lindqvist", role: "member", title: "Customer Success Manager" },
  { key: "elena", name: "Elena Petrova", role: "member", title: "Migrations Lead" },
  { key: "jonas", name: "Jonas Weber", role: "member", title: "Solutions Engineer" },
  { key: "rachel", name: "Rachel Kim", role: "member", title: "Head of Sales", login: true },
  { key: "omar", name: "Omar Haddad", role: "member", title: "Account Executive" },
  { key: "lucy", name: "Lucy Chen", role: "member", title: "Account Executive" },
  { key: "grace", name: "Grace Miller", role: "member", title: "Billing Operations" },
  { key: "nina", name: "Nina Patel", role: "viewer", title: "Product Manager", login: true },
  { key: "ben", name: "Ben Carter", role: "viewer", title: "Engineering Manager" },
];

export const ACCOUNT_TIERS = ["Enterprise", "Mid-Market", "SMB"] as const;
export type AccountTier = (typeof ACCOUNT_TIERS)[number];

export interface DemoTeam {
  name: TeamName;
  mode: "pooled" | "scoped";
  lead: string;
  description: string;
  /** User keys ("admin" is the demo admin); scoped Customer Success members carry their tiers. */
  members: readonly { user: string; tiers?: AccountTier[] }[];
}

export const DEMO_TEAMS: readonly DemoTeam[] = [
  {
    name: "Support",
    mode: "pooled",
    lead: "priya",
    description: "Product questions: how do I…, why is…, am I doing this right. Everyone works the whole queue.",
    members: [{ user: "priya" }, { user: "marcus" }, { user: "sofia" }, { user: "kenji" }, { user: "hannah" }],
  },
  {
    name: "Customer Success",
    mode: "scoped",
    lead: "daniel",
    description: "Onboarding, best practices, commercials and access to new features. Each CSM covers a tier.",
    members: [
      { user: "daniel", tiers: ["SMB"] },
      { user: "aisha", tiers: ["Enterprise"] },
      { user: "tom", tiers: ["Mid-Market"] },
    ],
  },
  {
    name: "Migrations",
    mode: "pooled",
    lead: "elena",
    description: "Moving pipelines, schedules and history over from a customer's previous integration tooling.",
    members: [{ user: "elena" }, { user: "jonas" }],
  },
  {
    name: "Sales",
    mode: "scoped",
    lead: "rachel",
    description: "All pre-sales conversations with prospects and trials. Each rep works the accounts they own.",
    members: [{ user: "rachel" }, { user: "omar" }, { user: "lucy" }],
  },
  {
    name: "Billing",
    mode: "pooled",
    lead: "grace",
    description: "Invoices, payment methods, plan changes, tax and procurement paperwork.",
    members: [{ user: "grace" }, { user: "admin" }],
  },
];

/** Sales reps own prospects and trials (synced from the CRM); account executives keep their customers. */
export const SALES_OWNERS = ["rachel", "omar", "lucy"] as const;
