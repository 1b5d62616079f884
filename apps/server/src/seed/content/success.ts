// Customer Success: onboarding, best practices, commercials (renewals, expansions) and early access.
import type { ConversationTemplate } from "./templates";

const success = (t: Omit<ConversationTemplate, "team">): ConversationTemplate => ({ team: "Customer Success", ...t });

export const SUCCESS_TEMPLATES: readonly ConversationTemplate[] = [
  success({
    key: "onboarding-plan",
    category: "Onboarding",
    area: "Connectors",
    tags: ["onboarding"],
    priority: [
      ["medium", 4],
      ["high", 2],
    ],
    channels: [
      ["slack", 5],
      ["email", 3],
    ],
    from: "lead",
    subjects: ["Onboarding plan for our data team", "Rolling out to three more teams at {account}"],
    openings: [
      "Hi! We signed last week and want to get our first {pipelines} pipelines live this month. Could we set up an onboarding session and agree on a plan?",
      "We're about to roll out to marketing, finance and product analytics. What's the recommended way to structure projects and permissions?",
    ],
    replies: [
      "Welcome aboard {first}! I'll be your CSM. I've sent a calendar link for a 45-minute kick-off; before that, it helps to list your top 5 sources and who owns each. We'll leave the call with a rollout plan and success criteria.",
      "Great news {first}! We usually recommend one project per team with shared destinations, and a workspace-level 'platform' group of admins. Happy to walk through it — here's my calendar link: cal.demo.switchboard.test/{agentKey}.",
    ],
    followUps: [
      "Booked for Thursday. I'll bring our data platform lead.",
      "Thanks — could you also share a template for the success criteria?",
    ],
    resolutions: [
      "Thanks for the time today! Recap: phase 1 = {connector} + Stripe into {destination} by the 15th, phase 2 = reverse ETL to {connector}. I've shared the plan doc and set a check-in in two weeks.",
      "Here's the template we use with most {tier} customers. Let's review it at our next check-in.",
    ],
    notes: [
      "Kick-off done. Champion is {first}; exec sponsor is their VP Data. Renewal in {renewal}.",
      "Added rollout milestones to the account plan.",
    ],
  }),
  success({
    key: "renewal",
    category: "Commercials",
    area: "Account & billing",
    tags: ["renewal"],
    priority: [
      ["high", 3],
      ["medium", 3],
    ],
    channels: [
      ["email", 6],
      ["slack", 2],
    ],
    from: "lead",
    subjects: ["Renewal quote for next year", "Questions ahead of our renewal", "Multi-year pricing?"],
    openings: [
      "Our contract renews in {renewal}. Can you send over the renewal quote? We'd also like to understand options for a multi-year term.",
      "Ahead of renewal: our usage grew a lot this year. Before procurement gets involved, can we talk about what the new pricing would look like?",
    ],
    replies: [
      "Hi {first}, thanks for reaching out early! I'll prepare the renewal quote with a 1-year and a 2-year option. Your usage is up about 40% year over year, so I'll also include the volume tier that fits better. Can we do 30 minutes next week?",
      "Hi {first} — absolutely. I'll pull your usage report and put together options. Who else should be on the call from procurement?",
    ],
    followUps: [
      "Next Tuesday works. Our procurement contact will join.",
      "Please include the 2-year option with the price lock.",
    ],
    resolutions: [
      "Sent the quote with both options; the 2-year term includes the price lock and the Observability add-on. Let me know once procurement has reviewed it.",
      "Great call today. The signed order form is in; you're renewed through next year. Thanks for the continued trust!",
    ],
    notes: [
      "Renewal {renewal} — ARR {arr}. Expansion opportunity: Reverse ETL.",
      "@Rachel FYI renewal conversation started, might need help on multi-year discount approval.",
    ],
    holds: ["Quote sent; waiting for their procurement review (usually 2–3 weeks)."],
  }),
  success({
    key: "feature-access",
    category: "Commercials",
    area: "Connectors",
    tags: ["beta", "expansion"],
    priority: [
      ["medium", 4],
      ["low", 3],
    ],
    channels: [
      ["slack", 5],
      ["email", 2],
    ],
    subjects: ["Access to {feature} beta", "Is {feature} included in our plan?"],
    openings: [
      "We saw the announcement about {feature}. Can we get access? Would love to try it before our quarterly planning.",
      "Is {feature} included in our current plan or is it an add-on?",
    ],
    replies: [
      "Hi {first}! Happy to add you to the beta. I've requested access for your workspace; it's usually enabled within a day. Any particular use case you want to test first?",
      "Good question {first} — on {plan} it's an add-on, but I can enable a 30-day trial so your team can evaluate it first.",
    ],
    followUps: ["Thanks! Main use case is impact analysis before we change source schemas.", "A trial would be great."],
    resolutions: [
      "It's enabled on your workspace now. I've shared the beta guide; please send any feedback straight here — the product team reads every note.",
      "Trial is active for 30 days. I'll check in at the halfway point to see how it's going.",
    ],
  }),
  success({
    key: "best-practices",
    category: "Onboarding",
    area: "Transformations",
    tags: ["best-practices"],
    priority: [
      ["low", 4],
      ["medium", 3],
    ],
    channels: [
      ["slack", 5],
      ["email", 2],
    ],
    subjects: ["Review of our setup before scaling up", "Best practice for dev/prod environments"],
    openings: [
      "Before we scale to {pipelines} pipelines, could someone review our setup? We want to make sure we're following best practices for environments and naming.",
      "How do other teams separate dev and prod? Right now everyone edits production connections directly.",
    ],
    replies: [
      "Hi {first}, great timing. Most teams our size use two workspaces (staging and production) and promote changes with the config-as-code export. I can do a 30-minute review of your setup — here's my calendar.",
      "Hi {first}! I'd suggest projects per environment with a naming convention like `prod__{connector}__{object}`. I'll put together a short recommendations doc for you.",
    ],
    followUps: ["Booked. Could you include something on alerting too?", "Thanks, the doc would be very helpful."],
    resolutions: [
      "Shared the review doc: environments, naming, alert routing and a checklist for new connections. Let's revisit once you've rolled out phase 2.",
      "Here's the recommendations doc. Happy to review again once the first teams have migrated.",
    ],
  }),
  success({
    key: "meeting-request",
    category: "Commercials",
    area: "Account & billing",
    tags: ["meeting"],
    priority: [
      ["low", 5],
      ["medium", 2],
    ],
    channels: [
      ["slack", 4],
      ["email", 4],
    ],
    from: "lead",
    subjects: ["Quarterly business review", "Can we get time with your product team?"],
    openings: [
      "Could we schedule our QBR for next month? Our new VP of Data would like to join.",
      "We'd love 30 minutes with your product team to give feedback on the roadmap.",
    ],
    replies: [
      "Of course {first}! Here's my calendar link to pick a slot. I'll bring usage trends, open issues and the roadmap items you asked about.",
      "Absolutely, {first}. I'll coordinate with our PM for {feature} — could you share 2–3 slots that work?",
    ],
    followUps: ["Booked for the 14th.", "Thursday or Friday afternoon works best."],
    resolutions: ["Invite sent to everyone. See you then!", "Confirmed with our PM — invite is on your calendar."],
  }),
  success({
    key: "usage-drop",
    category: "Onboarding",
    area: "Dashboard",
    tags: ["adoption"],
    priority: [["medium", 5]],
    channels: [
      ["email", 4],
      ["slack", 3],
    ],
    subjects: ["Our main admin left — help us get back on track", "Seats not being used"],
    openings: [
      "Our main admin left the company last month and we're not sure who set up half of the connections. Can you help us get back on track?",
      "We noticed several seats haven't logged in for weeks. Can we review who actually needs access?",
    ],
    replies: [
      "Thanks for letting me know {first}. I'll send you a list of connections with their owners and last edits, and we can walk through them together.",
      "Good idea {first}. I've exported seat activity for the last 90 days — let's go through it and free up seats you don't need.",
    ],
    followUps: ["The list helps a lot. Can ownership be transferred in bulk?", "Reviewed — we can drop {seats} seats."],
    resolutions: [
      "Yes, Settings → Members → Transfer ownership moves everything to the new admin in one step. Done for your account.",
      "I've passed the seat change to Billing so it's reflected at renewal.",
    ],
    notes: ["Champion left — account risk. @Daniel flagging for the health review."],
  }),
];
