// Sales: every pre-sales conversation with prospects and trials (worked by the account owner).
import type { ConversationTemplate } from "./templates";

const sales = (t: Omit<ConversationTemplate, "team" | "audience">): ConversationTemplate => ({
  team: "Sales",
  audience: "presales",
  ...t,
});

export const SALES_TEMPLATES: readonly ConversationTemplate[] = [
  sales({
    key: "pricing",
    category: "Pre-sales",
    area: "Account & billing",
    tags: ["pricing"],
    priority: [
      ["high", 3],
      ["medium", 4],
    ],
    channels: [
      ["slack", 4],
      ["email", 4],
      ["widget", 2],
    ],
    from: "lead",
    subjects: ["Pricing for {pipelines} connections", "How is usage billed?"],
    openings: [
      "We're evaluating a few tools. Could you share pricing for roughly {pipelines} connections and {count} rows a month?",
      "How is usage billed — per connection, per row, or per seat? We're trying to forecast next year's budget.",
    ],
    replies: [
      "Hi {first}, thanks for considering us! Pricing is based on monthly active rows with unlimited connections; for your volume the Business plan fits. I'll send a tailored quote — could we do 20 minutes to understand your use cases?",
      "Hi {first}! We bill on monthly active rows — the same row updated many times counts once. Seats are unlimited. I'll put together an estimate based on your volumes.",
    ],
    followUps: [
      "Sure, Wednesday works. Can you include SSO in the quote?",
      "Thanks. Do you offer annual prepay discounts?",
    ],
    resolutions: [
      "Sent the quote with SSO and the Observability add-on included. Happy to adjust once you've reviewed it with your team.",
      "Yes — annual prepay is 15% off list. I've included both monthly and annual options in the quote.",
    ],
    notes: [
      "Competing with two other vendors. Decision by end of quarter.",
      "Budget owner is their CFO; {first} is the champion.",
    ],
  }),
  sales({
    key: "trial-help",
    category: "Pre-sales",
    area: "Connectors",
    tags: ["trial"],
    priority: [
      ["high", 4],
      ["medium", 3],
    ],
    channels: [
      ["widget", 4],
      ["slack", 4],
    ],
    subjects: ["Trial: can't connect {connector}", "Trial extension request"],
    openings: [
      "We're on the trial and the {connector} connection test fails with `{error}`. We'd like to show results to our team on Friday.",
      "Our trial ends in two days but we haven't finished testing {connector} → {destination}. Could we get an extension?",
    ],
    replies: [
      "Hi {first}! That error usually means the user needs API access enabled. I've also looped in a solutions engineer in case you want a quick screen-share before Friday.",
      "Hi {first}, no problem — I've extended your trial by 14 days. Anything blocking the evaluation I can help with?",
    ],
    followUps: [
      "Enabling API access fixed it, first sync is running!",
      "Thanks! We mostly need to test incremental syncs at scale.",
    ],
    resolutions: [
      "Great to hear! I've shared a short POC checklist so you can show the Friday audience exactly what matters.",
      "I've set up a sample connection with {count} rows so you can test incremental behaviour at scale. Let's review results next week.",
    ],
  }),
  sales({
    key: "security-review",
    category: "Pre-sales",
    area: "SSO & permissions",
    tags: ["security", "procurement"],
    priority: [
      ["high", 3],
      ["medium", 3],
    ],
    channels: [
      ["email", 6],
      ["portal", 2],
    ],
    from: "ops",
    subjects: ["Security questionnaire, SOC 2 report and DPA", "Data residency in the EU"],
    openings: [
      "Our security team needs your SOC 2 Type II report, a DPA and answers to the attached questionnaire before we can proceed.",
      "Do you process or store our data in the EU? Our legal team requires EU data residency for {object} data.",
    ],
    replies: [
      "Hi {first}, of course. I've shared our SOC 2 Type II report and DPA through the trust portal (NDA click-through). Our security team will complete the questionnaire within 5 business days.",
      "Hi {first}, yes — we offer an EU region (Frankfurt). Data is processed in memory and never stored outside the region you select. I'll send our data-flow documentation.",
    ],
    followUps: [
      "Thanks — questionnaire has 120 questions, hope that's OK 😅",
      "That works for legal. Can we pin the workspace to the EU region contractually?",
    ],
    resolutions: [
      "Questionnaire completed and sent back; our security lead is available for a follow-up call if your team has questions.",
      "Yes — the region is written into the order form. I've added it to your draft contract.",
    ],
    holds: ["Waiting on our security team to finish the questionnaire."],
  }),
  sales({
    key: "demo-request",
    category: "Pre-sales",
    area: "Connectors",
    tags: ["demo"],
    priority: [
      ["medium", 5],
      ["high", 1],
    ],
    channels: [
      ["widget", 4],
      ["email", 3],
      ["slack", 1],
    ],
    subjects: ["Demo request for our data team", "Does it support {connector} custom objects?"],
    openings: [
      "Hi, we'd like a demo for our data team. Our main sources are {connector} and Postgres; destination is {destination}.",
      "Does your product support syncing {connector} custom objects into {destination}, including deletes?",
    ],
    replies: [
      "Hi {first}, thanks for reaching out! Both are fully supported, including custom objects and deletes. Here's my calendar for a 30-minute demo — I'll tailor it to {connector} → {destination}.",
      "Hi {first}, yes on both: custom objects are discovered automatically and deletes are captured as soft deletes. Would a short demo help?",
    ],
    followUps: ["Booked for Tuesday.", "Yes please, a demo would be great."],
    resolutions: [
      "Thanks for the great conversation today! I've started a trial workspace for your team and shared the recording.",
      "Demo booked, invite sent.",
    ],
  }),
  sales({
    key: "contract-terms",
    category: "Pre-sales",
    area: "Account & billing",
    tags: ["procurement"],
    priority: [
      ["medium", 4],
      ["high", 2],
    ],
    channels: [["email", 7]],
    from: "lead",
    subjects: ["Redlines on the MSA (net 60)", "Start date and early access for onboarding"],
    openings: [
      "Attached are our legal team's redlines on the MSA. The main points are liability cap and payment terms (we need net 60).",
      "Can we start the contract on the 1st of next month but get access now for onboarding?",
    ],
    replies: [
      "Thanks {first}, I've passed the redlines to our legal team. Net 60 is fine for annual prepay. I'll come back on the liability cap by Thursday.",
      "Hi {first}, yes — we can start the subscription on the 1st and give you an onboarding workspace today.",
    ],
    followUps: ["Great, thanks for the quick turnaround.", "Perfect, please send the updated order form."],
    resolutions: [
      "Updated order form with net 60 and the agreed liability cap is in your inbox for signature.",
      "Updated order form sent; onboarding workspace is ready.",
    ],
    holds: ["Waiting on our legal team's response to the liability redline."],
  }),
];
