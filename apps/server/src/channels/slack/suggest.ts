// Which account a Slack channel most likely belongs to: the Slack Connect team's domain first
// (strong), then the channel name (`pylon-hightouch` → "Hightouch"). Pure; admins confirm.

export interface AccountCandidate {
  id: string;
  name: string;
  domains: readonly string[];
}

export interface ChannelFacts {
  name: string;
  connectedTeams: readonly { id: string; name?: string; domain?: string; emailDomain?: string }[];
}

export interface AccountSuggestion {
  accountId: string;
  accountName: string;
  basis: "domain" | "name";
  reason: string;
}

/** Words that name the channel's purpose, not the customer. */
const FILLER = new Set([
  "ext",
  "external",
  "shared",
  "support",
  "help",
  "customer",
  "cust",
  "team",
  "connect",
  "slack",
  "x",
]);
const COMPANY_SUFFIXES = /\b(inc|llc|ltd|gmbh|corp|corporation|co|sa|sas|bv|ag|plc|limited|hq)\.?$/;

const compact = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");

export function normaliseAccountName(name: string): string {
  const lower = name.toLowerCase().trim();
  const stripped = lower.replace(COMPANY_SUFFIXES, "").trim();
  return compact(stripped || lower);
}

export function suggestAccount(
  channel: ChannelFacts,
  accounts: readonly AccountCandidate[],
  ownNames: readonly string[] = [],
): AccountSuggestion | null {
  return byDomain(channel, accounts) ?? byName(channel, accounts, ownNames);
}

function byDomain(channel: ChannelFacts, accounts: readonly AccountCandidate[]): AccountSuggestion | null {
  for (const team of channel.connectedTeams) {
    const email = team.emailDomain?.toLowerCase();
    const slackDomain = team.domain?.toLowerCase();
    const matches = accounts.filter((a) =>
      a.domains.some((d) => d === email || (slackDomain && d.split(".")[0] === slackDomain)),
    );
    const [only] = matches;
    if (only && matches.length === 1) {
      const via = email && only.domains.includes(email) ? email : `${slackDomain}.slack.com`;
      return {
        accountId: only.id,
        accountName: only.name,
        basis: "domain",
        reason: `Slack Connect team ${team.name ?? team.id} (${via}) matches ${only.name}'s domains`,
      };
    }
  }
  return null;
}

function byName(
  channel: ChannelFacts,
  accounts: readonly AccountCandidate[],
  ownNames: readonly string[],
): AccountSuggestion | null {
  const own = new Set(ownNames.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/)).filter(Boolean));
  const tokens = channel.name
    .toLowerCase()
    .split(/[-_.\s]+/)
    .filter((t) => t && !FILLER.has(t) && !own.has(t));
  if (tokens.length === 0) return null;
  const phrases = new Map<string, number>();
  // Every contiguous run of tokens, so "acme-corp" can match "Acme Corp" and "pylon-acme" "Acme".
  for (let i = 0; i < tokens.length; i++) {
    for (let j = i + 1; j <= tokens.length; j++) phrases.set(tokens.slice(i, j).join(""), j - i);
  }
  let best: { account: AccountCandidate; score: number } | undefined;
  let tie = false;
  for (const account of accounts) {
    // Longer phrases win; at equal length the full name ("Acme Corp" → acmecorp) beats the
    // name without its legal suffix (→ acme), so "acme" prefers an account called just "Acme".
    const full = (phrases.get(compact(account.name)) ?? 0) * 2 + 1;
    const stripped = (phrases.get(normaliseAccountName(account.name)) ?? 0) * 2;
    const score = Math.max(full > 1 ? full : 0, stripped);
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { account, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  if (!best || tie) return null;
  return {
    accountId: best.account.id,
    accountName: best.account.name,
    basis: "name",
    reason: `Channel name #${channel.name} contains "${best.account.name}"`,
  };
}
