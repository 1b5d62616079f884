// Feature-request demand: Linear issues ranked by how many customer issues link to them, then by
// how many distinct accounts asked, then by what those accounts' contracts are worth.

export interface FeatureRequestLinkRow {
  linearIssueId: string;
  identifier: string;
  title: string;
  url: string;
  stateName: string;
  stateType: string;
  /** When this link last heard from Linear: the newest facts of a Linear issue win. */
  updatedAt: Date;
  issue: { number: number; title: string; state: string };
  account: { id: string; name: string; tier: string | null; customFields: Record<string, unknown> } | null;
}

export interface RankedFeatureRequest {
  linearIssueId: string;
  identifier: string;
  title: string;
  url: string;
  stateName: string;
  stateType: string;
  issueCount: number;
  openIssueCount: number;
  accountCount: number;
  totalContractValue: number;
  accounts: { id: string; name: string; tier: string | null; contractValue: number | null }[];
  issues: { number: number; title: string; state: string; accountName: string | null }[];
}

/** The account custom field read as contract value (the demo's CRM field, in USD). */
export const CONTRACT_VALUE_FIELD = "contract_value";

/** A number stored in a custom field (numbers, or numeric text from a CRM import). */
export function contractValueOf(customFields: Record<string, unknown>): number | null {
  const raw = customFields[CONTRACT_VALUE_FIELD];
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

export function rankFeatureRequests(rows: readonly FeatureRequestLinkRow[]): RankedFeatureRequest[] {
  const byLinear = new Map<string, { latest: FeatureRequestLinkRow; rows: FeatureRequestLinkRow[] }>();
  for (const row of rows) {
    const group = byLinear.get(row.linearIssueId);
    if (!group) byLinear.set(row.linearIssueId, { latest: row, rows: [row] });
    else {
      group.rows.push(row);
      if (row.updatedAt > group.latest.updatedAt) group.latest = row;
    }
  }
  const ranked = [...byLinear.values()].map(({ latest, rows: links }) => {
    const accounts = new Map<string, RankedFeatureRequest["accounts"][number]>();
    for (const { account } of links)
      if (account && !accounts.has(account.id))
        accounts.set(account.id, {
          id: account.id,
          name: account.name,
          tier: account.tier,
          contractValue: contractValueOf(account.customFields),
        });
    const accountList = [...accounts.values()].sort(
      (a, b) => (b.contractValue ?? 0) - (a.contractValue ?? 0) || a.name.localeCompare(b.name),
    );
    const issues = links
      .map((l) => ({ ...l.issue, accountName: l.account?.name ?? null }))
      .sort((a, b) => b.number - a.number);
    return {
      linearIssueId: latest.linearIssueId,
      identifier: latest.identifier,
      title: latest.title,
      url: latest.url,
      stateName: latest.stateName,
      stateType: latest.stateType,
      issueCount: issues.length,
      openIssueCount: issues.filter((i) => i.state !== "closed").length,
      accountCount: accountList.length,
      totalContractValue: accountList.reduce((sum, a) => sum + (a.contractValue ?? 0), 0),
      accounts: accountList,
      issues,
    };
  });
  return ranked.sort(
    (a, b) =>
      b.issueCount - a.issueCount ||
      b.accountCount - a.accountCount ||
      b.totalContractValue - a.totalContractValue ||
      a.identifier.localeCompare(b.identifier),
  );
}
