// The shape of a hand-written conversation template and the vocabulary its slots draw from.
// The generator (conversations.ts) combines templates, accounts and slot values with a seeded PRNG.
import type { ContactRole } from "./accounts";
import type { TeamName } from "./people";

export type Channel = "slack" | "email" | "widget" | "portal";
export type Priority = "urgent" | "high" | "medium" | "low" | "none";
export type Weighted<T> = readonly (readonly [T, number])[];

export const CATEGORIES = [
  "How-to",
  "Bug",
  "Feature request",
  "Onboarding",
  "Commercials",
  "Migration",
  "Billing",
  "Pre-sales",
] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRODUCT_AREAS = [
  "Connectors",
  "Sync engine",
  "Transformations",
  "Reverse ETL",
  "API & webhooks",
  "SSO & permissions",
  "Dashboard",
  "Account & billing",
] as const;
export type ProductArea = (typeof PRODUCT_AREAS)[number];

export interface ConversationTemplate {
  key: string;
  team: TeamName;
  /** "presales" templates are raised by prospects and trials; the rest by customers. */
  audience?: "customer" | "presales";
  category: Category;
  area: ProductArea;
  tags: readonly string[];
  priority: Weighted<Priority>;
  channels?: Weighted<Channel>;
  /** Who at the account writes in (default: a technical contact). */
  from?: ContactRole;
  subjects: readonly string[];
  openings: readonly string[];
  /** The agent's first public reply. */
  replies: readonly string[];
  /** The customer's answer to it. */
  followUps: readonly string[];
  /** The agent's reply that resolves it. */
  resolutions: readonly string[];
  thanks?: readonly string[];
  /** Internal notes colleagues leave while working it. */
  notes?: readonly string[];
  /** The internal note left when it goes on hold. */
  holds?: readonly string[];
}

/** Slot values shared by all templates (account- and people-specific slots are added per issue). */
export const VOCABULARY = {
  connector: ["Salesforce", "HubSpot", "NetSuite", "Zendesk", "Stripe", "Marketo", "Shopify", "Jira", "Workday"],
  destination: ["Snowflake", "BigQuery", "Redshift", "Databricks", "Postgres"],
  object: ["Opportunity", "Contact", "Account", "Invoice", "Lead", "Subscription", "Ticket", "Campaign"],
  error: [
    "429 Too Many Requests",
    "INVALID_SESSION_ID: Session expired or invalid",
    "permission denied for schema analytics",
    'column "updated_at" does not exist',
    "SSL SYSCALL error: EOF detected",
    "QUERY_TIMEOUT: statement exceeded 900s",
  ],
  count: ["1,200", "3,400", "18,000", "42,000", "250,000", "1.3 million"],
  time: ["02:00 UTC", "06:30 UTC", "midnight Pacific", "09:00 CET", "the top of every hour"],
  legacy: [
    "our in-house Airflow DAGs",
    "a pile of cron'd Python scripts",
    "our previous ELT vendor",
    "the old Informatica jobs",
    "our homegrown sync service",
  ],
  pipelines: ["14", "37", "60+", "120", "about 200"],
  feature: [
    "column-level lineage",
    "the dbt Cloud integration",
    "private link networking",
    "sync alerts to PagerDuty",
    "the new schema-drift detection",
  ],
  ticket: ["ENG-4182", "ENG-4217", "ENG-4260", "ENG-4305", "ENG-4339", "ENG-4371"],
  seats: ["5", "12", "25", "40"],
  amount: ["$4,800", "$12,500", "$27,000", "$61,250", "$96,000"],
  month: ["October", "November", "September"],
} as const satisfies Record<string, readonly string[]>;

export const GENERIC_THANKS = [
  "That did it — thanks {agent}!",
  "Perfect, all good on our side now. Thank you!",
  "Confirmed working. Appreciate the quick help 🙏",
  "Great, thanks for the fast turnaround.",
  "Thanks! Closing the loop on our side too.",
] as const;

export const GENERIC_NOTES = [
  "Checked the account's recent sync logs — nothing else unusual this week.",
  "@{colleague} have you seen this one before? Looks similar to something from last month.",
  "Customer is on {plan} plan, renewal in {renewal}. Keep them warm.",
  "Linked the relevant help-center article in my reply; we should make it easier to find.",
] as const;
