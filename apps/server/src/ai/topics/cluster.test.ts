import { describe, expect, it } from "vitest";
import { trendOf } from "../../domain/topics";
import { assignNewQuestions, clusterQuestions, labelTerms, summarise, vectorise } from "./cluster";
import { ari, nmi, purity } from "./quality";

const sso = [
  "How do I set up SAML single sign-on with Okta?",
  "SAML SSO login fails with Okta, what is wrong?",
  "Can we enforce SAML single sign-on for all agents?",
  "Our Okta SAML sign-on redirects back to the login page",
];
const invoices = [
  "Can you resend last month's invoice PDF?",
  "Where do I download our invoice PDF?",
  "The invoice PDF shows the wrong billing address",
  "Please send the invoice PDF for March again",
];
const exports = [
  "How do I export all issues to CSV?",
  "The CSV export of issues times out",
  "Can the issues CSV export include custom fields?",
];

describe("clustering customer questions", () => {
  const texts = [...sso, ...invoices, ...exports];
  const labels = [...sso.map(() => "sso"), ...invoices.map(() => "invoice"), ...exports.map(() => "export")];

  it("puts questions asking the same thing together and apart from the others", () => {
    const v = vectorise(texts);
    const result = clusterQuestions(v.vectors, { threshold: 0.15, refinePasses: 2, minSize: 2 });
    expect(result.clusters).toBe(3);
    expect(purity(result.assignment, labels)).toBe(1);
    expect(ari(result.assignment, labels)).toBe(1);
    // largest first
    expect(result.assignment[0]).toBe(result.assignment[3]);
    expect(result.assignment[4]).toBe(result.assignment[7]);
  });

  it("labels a topic with its distinctive terms and points at its most central question", () => {
    const v = vectorise(texts);
    const result = clusterQuestions(v.vectors, { threshold: 0.15, refinePasses: 2, minSize: 2 });
    const topics = summarise(v, result);
    const ssoTopic = topics[result.assignment[0] ?? -1];
    expect(ssoTopic?.label).toMatch(/saml|okta|sign/i);
    const invoiceTopic = topics[result.assignment[4] ?? -1];
    expect(invoiceTopic?.label).toContain("invoice");
    expect(invoices).toContain(texts[invoiceTopic?.central ?? -1]);
  });

  it("leaves a question like no other out of every topic", () => {
    const v = vectorise([...texts, "Is the office closed on Friday for the holiday party?"]);
    const result = clusterQuestions(v.vectors, { threshold: 0.15, refinePasses: 2, minSize: 2 });
    expect(result.assignment[texts.length]).toBe(-1);
  });

  it("adds new questions to the topics they match without moving the assigned ones", () => {
    const all = [...texts, "Okta SAML single sign-on error for one agent", "Payroll export to our bank?"];
    const v = vectorise(all);
    const before = clusterQuestions(vectorise(texts).vectors, { threshold: 0.15, refinePasses: 2, minSize: 2 });
    const fixed = Int32Array.from(all, (_, i) => (i < texts.length ? (before.assignment[i] ?? -1) : -1));
    const after = assignNewQuestions(v.vectors, fixed, before.clusters, {
      threshold: 0.15,
      refinePasses: 0,
      minSize: 2,
    });
    expect([...after.assignment.slice(0, texts.length)]).toEqual([...before.assignment]);
    expect(after.assignment[texts.length]).toBe(before.assignment[0]);
    expect(after.clusters).toBe(before.clusters);
  });

  it("opens a new topic when new questions agree with each other but with no topic", () => {
    const fresh = [
      "How do I reset my two-factor authenticator app?",
      "Two-factor authenticator app lost, how to reset?",
    ];
    const all = [...texts, ...fresh];
    const v = vectorise(all);
    const before = clusterQuestions(vectorise(texts).vectors, { threshold: 0.15, refinePasses: 2, minSize: 2 });
    const fixed = Int32Array.from(all, (_, i) => (i < texts.length ? (before.assignment[i] ?? -1) : -1));
    const after = assignNewQuestions(v.vectors, fixed, before.clusters, {
      threshold: 0.15,
      refinePasses: 0,
      minSize: 2,
    });
    expect(after.clusters).toBe(before.clusters + 1);
    expect(after.assignment[texts.length]).toBe(before.clusters);
    expect(after.assignment[texts.length + 1]).toBe(before.clusters);
  });

  it("a bigram in a label stands for the words it holds", () => {
    expect(labelTerms(["invoice", "pdf", "invoice pdf", "download"])).toEqual(["invoice pdf", "download"]);
    expect(labelTerms(["card", "arrive", "new card"])).toEqual(["new card", "arrive"]);
  });
});

describe("cluster quality against labels", () => {
  it("scores a perfect clustering 1 and a single lump low", () => {
    const labels = ["a", "a", "b", "b", "c", "c"];
    expect(nmi([0, 0, 1, 1, 2, 2], labels)).toBeCloseTo(1);
    expect(ari([5, 5, 7, 7, 9, 9], labels)).toBeCloseTo(1);
    expect(purity([0, 0, 0, 0, 0, 0], labels)).toBeCloseTo(1 / 3);
    expect(ari([0, 0, 0, 0, 0, 0], labels)).toBeCloseTo(0);
  });

  it("counts a question in no topic as a cluster of its own", () => {
    const labels = ["a", "a", "b", "b"];
    expect(purity([-1, -1, -1, -1], labels)).toBe(1);
    expect(ari([-1, -1, -1, -1], labels)).toBeCloseTo(0);
  });
});

describe("topic trend", () => {
  it("compares this week with the weekly average of the four before", () => {
    expect(trendOf(10, 8)).toBe("rising");
    expect(trendOf(1, 20)).toBe("falling");
    expect(trendOf(5, 20)).toBe("steady");
    expect(trendOf(3, 0)).toBe("new");
    expect(trendOf(0, 0)).toBe("steady");
  });
});
