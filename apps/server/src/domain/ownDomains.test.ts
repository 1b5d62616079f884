import { describe, expect, it } from "vitest";
import { internalRefusal, isOwnAddress } from "./ownDomains";

describe("the workspace's own domains", () => {
  const own = ["acme.com", "acme.io"];

  it("recognises addresses at the domains and their subdomains, not look-alikes", () => {
    expect(isOwnAddress("Ann@ACME.com", own)).toBe(true);
    expect(isOwnAddress("ann@eu.mail.acme.io", own)).toBe(true);
    expect(isOwnAddress("ann@notacme.com", own)).toBe(false);
    expect(isOwnAddress("ann@acme.com.evil.test", own)).toBe(false);
    expect(isOwnAddress(undefined, own)).toBe(false);
    expect(isOwnAddress("no-at-sign", own)).toBe(false);
  });

  const base = { colleague: false, ownDomain: false, hasCustomer: false, opensIssue: true, allowed: false };

  it("refuses internal mail that would open an issue with no customer on it, naming why", () => {
    expect(internalRefusal({ ...base, email: "bo@acme.com", ownDomain: true }, own)).toMatch(
      /^Internal mail: bo@acme\.com is at your own domain \(acme\.com, acme\.io\)/,
    );
    expect(internalRefusal({ ...base, email: "bo@gmail.test", colleague: true }, own)).toMatch(
      /bo@gmail\.test is a Switchboard user/,
    );
  });

  it("lets customers, colleagues bringing a customer, replies in threads and asked-for issues through", () => {
    expect(internalRefusal({ ...base, email: "c@customer.test" }, own)).toBeUndefined();
    expect(internalRefusal({ ...base, ownDomain: true, hasCustomer: true }, own)).toBeUndefined();
    expect(internalRefusal({ ...base, ownDomain: true, opensIssue: false }, own)).toBeUndefined();
    expect(internalRefusal({ ...base, colleague: true, allowed: true }, own)).toBeUndefined();
  });
});
