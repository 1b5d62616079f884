import { describe, expect, it } from "vitest";
import { type LabelledText, loadClassifier, trainClassifier } from "./index";

// A router the way a workspace sets it up: runbook instructions (split into sentences) plus a few examples.
const runbooks: LabelledText[] = [
  ...[
    "Send billing questions to the Billing team.",
    "Invoices, refunds, charges, credit cards, payment failures and plan upgrades belong here.",
    "Can you resend last month's invoice?",
    "We were charged twice for the annual plan",
    "Our card payment failed, how do we update the credit card?",
    "I need a refund for the unused seats",
    "Please change the billing email on our invoices",
  ].map((text) => ({ text, label: "billing" })),
  ...[
    "Route data migrations and imports to the Migrations team.",
    "Customers moving from Zendesk, Intercom or Front, CSV imports and historical data.",
    "We want to import our tickets from Zendesk",
    "How do we migrate historical conversations from Intercom?",
    "The CSV import of contacts stopped halfway",
    "Can you help us move our data over from Front before go-live?",
  ].map((text) => ({ text, label: "migrations" })),
  ...[
    "Renewals, onboarding sessions and account reviews go to Customer Success.",
    "Customers asking about their success plan, QBRs or training for new agents.",
    "Can we schedule a quarterly business review?",
    "We'd like an onboarding session for our new support hires",
    "Our renewal is coming up and we want to discuss the contract",
    "Could you run a training for the team on views and triggers?",
  ].map((text) => ({ text, label: "customer-success" })),
];

describe("local text classifier", () => {
  const model = trainClassifier(runbooks);

  it("routes a message to the runbook it matches", () => {
    expect(model.predict("We got charged twice on our last invoice, please refund").label).toBe("billing");
    expect(model.predict("We need to import our old tickets from Zendesk").label).toBe("migrations");
    expect(model.predict("Can we book an onboarding session for our new agents?").label).toBe("customer-success");
  });

  it("answers none of these for unrelated text", () => {
    const p = model.predict("The weather in Lisbon is lovely this weekend");
    expect(p.label).toBeNull();
    expect(p.confidence).toBeLessThan(0.5);
  });

  it("returns calibrated scores for every label, best first", () => {
    const p = model.predict("refund the duplicate charge on our card");
    expect(p.scores.map((s) => s.label).sort()).toEqual(["billing", "customer-success", "migrations"]);
    expect(p.scores[0]?.probability).toBe(p.confidence);
    const total = p.scores.reduce((a, s) => a + s.probability, 0);
    expect(total).toBeLessThanOrEqual(1 + 1e-9);
    for (let i = 1; i < p.scores.length; i++) {
      expect(p.scores[i - 1]?.probability).toBeGreaterThanOrEqual(p.scores[i]?.probability ?? 0);
    }
  });

  it("explains a decision with the terms that drove it", () => {
    const p = model.predict("Please import our Zendesk history");
    expect(p.label).toBe("migrations");
    expect(p.evidence.some((e) => /zendesk|import/.test(e))).toBe(true);
  });

  it("round-trips through toJSON and loadClassifier with identical predictions", () => {
    const stored = JSON.parse(JSON.stringify(model.toJSON()));
    const loaded = loadClassifier(stored);
    expect(loaded.labels).toEqual(model.labels);
    for (const text of ["refund please", "import from intercom", "renewal call", "what a nice day", ""]) {
      expect(loaded.predict(text)).toEqual(model.predict(text));
    }
  });

  it("honours a custom threshold", () => {
    const text = "Our card payment failed";
    const answered = model.predict(text);
    expect(answered.label).toBe("billing");
    const strict = trainClassifier(runbooks, { threshold: answered.confidence + 1e-6 });
    expect(strict.predict(text)).toEqual({ ...answered, label: null });
  });

  it("weights a correction above a plain example", () => {
    const corrected = trainClassifier([
      ...runbooks,
      { text: "question about the invoice for our migration project", label: "migrations", weight: 5 },
    ]);
    expect(corrected.predict("question about the invoice for our migration project").label).toBe("migrations");
  });

  it("gives finite, bounded probabilities from a couple of examples per label", () => {
    const tiny = trainClassifier([
      { text: "Send security questionnaires to Compliance.", label: "compliance" },
      { text: "SOC 2 report request", label: "compliance" },
      { text: "Anything about SSO or SAML goes to Identity.", label: "identity" },
      { text: "Okta login fails", label: "identity" },
    ]);
    for (const text of ["can we get your SOC 2 report", "SAML login broken", "lunch menu", "?!"]) {
      const p = tiny.predict(text);
      for (const s of p.scores) expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(Number.isFinite(p.confidence)).toBe(true);
      expect(p.confidence).toBeLessThanOrEqual(1);
    }
    expect(tiny.predict("can we get your SOC 2 report").label).toBe("compliance");
    expect(tiny.predict("lunch menu").label).toBeNull();
  });

  it("copes with empty input and a single label", () => {
    expect(model.predict("").label).toBeNull();
    const one = trainClassifier([{ text: "reset my password", label: "access" }]);
    expect(one.labels).toEqual(["access"]);
    expect(one.predict("reset my password please").scores).toHaveLength(1);
  });
});
