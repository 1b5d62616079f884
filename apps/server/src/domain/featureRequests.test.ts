import { describe, expect, it } from "vitest";
import { contractValueOf, type FeatureRequestLinkRow, rankFeatureRequests } from "./featureRequests";

const at = new Date("2026-11-01T10:00:00Z");
let n = 0;
const account = (name: string, tier: string | null, contractValue?: unknown) => ({
  id: `acc-${name}`,
  name,
  tier,
  customFields: contractValue === undefined ? {} : { contract_value: contractValue },
});
function link(
  identifier: string,
  acc: FeatureRequestLinkRow["account"],
  extra: Partial<FeatureRequestLinkRow> = {},
): FeatureRequestLinkRow {
  n++;
  return {
    linearIssueId: `lin-${identifier}`,
    identifier,
    title: `${identifier} title`,
    url: `https://linear.app/acme/issue/${identifier}`,
    stateName: "Todo",
    stateType: "unstarted",
    updatedAt: at,
    issue: { number: n, title: `issue ${n}`, state: "on_hold" },
    account: acc,
    ...extra,
  };
}

describe("rankFeatureRequests", () => {
  const acme = account("Acme", "Enterprise", 120_000);
  const globex = account("Globex", "Growth", "30000");
  const initech = account("Initech", null);

  it("ranks by linked issues, then distinct accounts, then contract value", () => {
    const ranked = rankFeatureRequests([
      link("ENG-1", acme),
      link("ENG-2", acme),
      link("ENG-2", acme),
      link("ENG-3", globex),
      link("ENG-3", initech),
      link("ENG-4", globex),
      link("ENG-5", acme),
    ]);
    expect(ranked.map((r) => r.identifier)).toEqual(["ENG-3", "ENG-2", "ENG-1", "ENG-5", "ENG-4"]);
    expect(ranked[0]).toMatchObject({ issueCount: 2, accountCount: 2, totalContractValue: 30_000 });
    expect(ranked[1]).toMatchObject({ issueCount: 2, accountCount: 1, totalContractValue: 120_000 });
  });

  it("counts an account once, lists accounts by contract value and counts open issues", () => {
    const [only] = rankFeatureRequests([
      link("ENG-9", globex),
      link("ENG-9", acme, { issue: { number: 900, title: "closed one", state: "closed" } }),
      link("ENG-9", acme),
      link("ENG-9", null),
    ]);
    expect(only?.accounts.map((a) => [a.name, a.tier, a.contractValue])).toEqual([
      ["Acme", "Enterprise", 120_000],
      ["Globex", "Growth", 30_000],
    ]);
    expect(only).toMatchObject({ issueCount: 4, openIssueCount: 3, accountCount: 2, totalContractValue: 150_000 });
    expect(only?.issues[0]).toMatchObject({ number: 900, accountName: "Acme" });
  });

  it("shows the Linear issue as last heard of", () => {
    const later = new Date(at.getTime() + 60_000);
    const [only] = rankFeatureRequests([
      link("ENG-7", acme),
      link("ENG-7", globex, { stateName: "Done", stateType: "completed", title: "Renamed", updatedAt: later }),
    ]);
    expect(only).toMatchObject({ stateName: "Done", stateType: "completed", title: "Renamed" });
  });
});

describe("contractValueOf", () => {
  it("reads numbers and numeric text, nothing else", () => {
    expect(contractValueOf({ contract_value: 5 })).toBe(5);
    expect(contractValueOf({ contract_value: " 12.5 " })).toBe(12.5);
    expect(contractValueOf({ contract_value: "" })).toBeNull();
    expect(contractValueOf({ contract_value: "lots" })).toBeNull();
    expect(contractValueOf({})).toBeNull();
  });
});
