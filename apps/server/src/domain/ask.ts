// Ask AI's vocabulary: the names a question may mention and the filters read from it.
import type { accountTypes, channels, issueStates } from "@switchboard/api/vocabulary";

export type AccountType = (typeof accountTypes)[number];
export type Channel = (typeof channels)[number];
export type IssueState = (typeof issueStates)[number];

export interface AskCatalog {
  accounts: readonly { id: string; name: string }[];
  teams: readonly { id: string; name: string }[];
  tags: readonly string[];
  tiers: readonly string[];
}

export type AskIntent = "count" | "ranking" | "summary";

export interface AskFilters {
  intent: AskIntent;
  window?: { label: string; since: Date; until?: Date };
  /** `spelled`: the words of the question it was read from, when they were not the exact name. */
  account?: { id: string; name: string; spelled?: string };
  tier?: string;
  accountType?: AccountType;
  channel?: Channel;
  tag?: string;
  team?: { id: string; name: string };
  states?: IssueState[];
  featureRequests?: boolean;
  /** Words left once the filters are taken out: searched in titles and messages (any of them). */
  terms: string[];
}
