// Billing: invoices, payment methods, plan changes, tax and procurement paperwork.
import type { ConversationTemplate } from "./templates";

const billing = (t: Omit<ConversationTemplate, "team">): ConversationTemplate => ({ team: "Billing", ...t });

export const BILLING_TEMPLATES: readonly ConversationTemplate[] = [
  billing({
    key: "invoice-copy",
    category: "Billing",
    area: "Account & billing",
    tags: ["invoice"],
    priority: [
      ["low", 5],
      ["medium", 2],
    ],
    channels: [
      ["email", 7],
      ["portal", 2],
    ],
    from: "finance",
    subjects: ["Invoice copy for {month}", "Invoice needs our PO number"],
    openings: [
      "Hello, could you send us a copy of the {month} invoice? Our AP team can't find it.",
      "Our accounts payable requires a PO number on every invoice. Could you reissue the {month} invoice with PO 4500012873?",
    ],
    replies: [
      "Hi {first}, attached is the {month} invoice. You can also download all invoices under Settings → Billing → Invoices.",
      "Hi {first}, I've reissued the {month} invoice with the PO number and added it to your billing profile so future invoices carry it too.",
    ],
    followUps: ["Thanks! Can future invoices also go to ap@ directly?", "Received, thank you."],
    resolutions: ["Done — ap@ is now a billing contact and receives all invoices.", "Great, all set then."],
  }),
  billing({
    key: "failed-payment",
    category: "Billing",
    area: "Account & billing",
    tags: ["payment"],
    priority: [
      ["high", 4],
      ["medium", 3],
    ],
    channels: [
      ["email", 6],
      ["widget", 2],
    ],
    from: "finance",
    subjects: ["Payment failed — card expired", "Switch from card to bank transfer"],
    openings: [
      "We got an email that our payment of {amount} failed. Our card expired last month. How do we update it without service interruption?",
      "We'd like to move from credit card to bank transfer (ACH) for the annual payment. Is that possible?",
    ],
    replies: [
      "Hi {first}, no interruption — there's a 14-day grace period. You can update the card under Settings → Billing → Payment method, and we'll retry the charge automatically.",
      "Hi {first}, yes — for annual plans we support ACH and wire. I'll switch your account to invoice billing; the next invoice will include our bank details.",
    ],
    followUps: ["Updated the card.", "Perfect. Do you need a W-9 or similar from us?"],
    resolutions: [
      "The retry went through, the {amount} invoice is paid. Thanks!",
      "No need on our side; the invoice will carry our W-9. All set.",
    ],
  }),
  billing({
    key: "plan-change",
    category: "Billing",
    area: "Account & billing",
    tags: ["plan-change"],
    priority: [["medium", 5]],
    channels: [
      ["email", 4],
      ["slack", 3],
      ["widget", 2],
    ],
    subjects: ["Upgrade to {nextPlan} mid-term", "Unexpected charge on this month's invoice"],
    openings: [
      "We'd like to upgrade from {plan} to {nextPlan} this month. How does proration work?",
      "We were charged {amount} this month, more than expected. Can you explain the line items?",
    ],
    replies: [
      "Hi {first}, upgrades are prorated to the day: you pay the difference for the rest of your term and the next invoice shows it as a separate line.",
      "Hi {first}, the extra charge is for monthly active rows above your commitment in {month} — a large backfill counted towards it. I'll send the usage breakdown.",
    ],
    followUps: [
      "Great, please go ahead with the upgrade.",
      "The backfill was a one-off migration. Can it be excluded?",
    ],
    resolutions: [
      "Done — you're on {nextPlan} as of today; the prorated charge will appear on next month's invoice.",
      "Since it was a one-time migration backfill, I've credited the overage to your account. You'll see the credit on the next invoice.",
    ],
    notes: ["Overage credit approved by @Grace — one-off migration backfill."],
  }),
  billing({
    key: "tax-vendor",
    category: "Billing",
    area: "Account & billing",
    tags: ["procurement", "tax"],
    priority: [
      ["low", 4],
      ["medium", 2],
    ],
    channels: [
      ["email", 6],
      ["portal", 3],
    ],
    from: "finance",
    subjects: ["VAT number on invoices", "Vendor onboarding forms"],
    openings: [
      "Please add our VAT number to our invoices; our finance team can't process them otherwise.",
      "Our procurement team needs you to fill in our vendor onboarding form (attached) and provide bank details on company letterhead.",
    ],
    replies: [
      "Hi {first}, could you send the VAT number and the exact legal entity name? I'll update the billing profile and reissue the open invoices.",
      "Hi {first}, thanks — I've filled in the form and attached our bank letter. Let me know if procurement needs anything else.",
    ],
    followUps: ["VAT number is in the thread, entity is the GmbH.", "Procurement confirmed receipt, thanks."],
    resolutions: [
      "Updated and reissued the two open invoices with the VAT number and entity name.",
      "Great, you're set up as a vendor on their side.",
    ],
    holds: ["Waiting on the customer's legal entity details before reissuing."],
  }),
];
