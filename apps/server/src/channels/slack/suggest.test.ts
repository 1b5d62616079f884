import { describe, expect, it } from "vitest";
import { suggestAccount } from "./suggest";

const accounts = [
  { id: "a1", name: "Hightouch", domains: ["hightouch.com"] },
  { id: "a2", name: "Acme Corp", domains: ["acme.io"] },
  { id: "a3", name: "Acme", domains: [] },
  { id: "a4", name: "Linear Inc.", domains: ["linear.app"] },
];
const channel = (name: string, connectedTeams: { id: string; domain?: string; emailDomain?: string }[] = []) => ({
  name,
  connectedTeams,
});

describe("suggesting the account of a Slack channel", () => {
  it("reads the customer's name out of the channel name", () => {
    expect(suggestAccount(channel("pylon-hightouch"), accounts)?.accountId).toBe("a1");
    expect(suggestAccount(channel("ext-linear"), accounts)?.accountId).toBe("a4");
  });

  it("prefers the longest matching name (Acme Corp over Acme)", () => {
    expect(suggestAccount(channel("shared-acme-corp"), accounts)?.accountId).toBe("a2");
    expect(suggestAccount(channel("acme-support"), accounts)?.accountId).toBe("a3");
  });

  it("ignores our own company's name and filler words", () => {
    expect(suggestAccount(channel("switchboard-general"), accounts, ["Switchboard"])).toBeNull();
  });

  it("prefers the Slack Connect team's domain to the name", () => {
    const s = suggestAccount(channel("pylon-acme", [{ id: "T1", emailDomain: "hightouch.com" }]), accounts);
    expect(s).toMatchObject({ accountId: "a1", basis: "domain" });
    expect(suggestAccount(channel("x", [{ id: "T2", domain: "linear" }]), accounts)?.accountId).toBe("a4");
  });

  it("suggests nothing when nothing or several accounts match equally", () => {
    expect(suggestAccount(channel("random"), accounts)).toBeNull();
    const twins = [...accounts, { id: "a5", name: "acme", domains: [] }];
    expect(suggestAccount(channel("acme"), twins)).toBeNull();
  });
});
