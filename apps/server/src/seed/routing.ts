// The seed story's routing: two triggers (prospect or trial → Sales, everything else →
// Support) and the Router agent on Support with three runbooks (Customer Success, Migrations,
// Billing). Teams must exist already; missing ones are skipped.
import { and, eq } from "drizzle-orm";
import type { CommandContext } from "../commands/context";
import { createAgent, createRunbook, createTrigger } from "../commands/routing";
import { teams } from "../db/schema";

export const SUPPORT_SCOPE =
  "Product support questions. Can you help me do something in the product? Why is this happening? " +
  "Am I doing this right? How do I configure a feature? Something is broken or shows an error. " +
  "A bug, an error message, a page that does not load, a setting that does not work as expected.";

export const DEMO_RUNBOOKS = [
  {
    team: "Customer Success",
    name: "Customer Success",
    instructions:
      "Questions about onboarding and setting up the account for the first time. " +
      "Best practices for running the support team on the platform. " +
      "Commercials: pricing, plans, contract, renewal, upgrading or adding seats. " +
      "Access to new features, beta programs, early access and AI bundles. " +
      "Requests for a meeting, call or training session with the account team.",
    examples: [
      "Can we schedule a call to go over onboarding for our new team?",
      "We would like to upgrade our plan and add ten more seats before renewal",
      "How do we get early access to the new AI features?",
      "What are the best practices for structuring our views and teams?",
    ],
  },
  {
    team: "Migrations",
    name: "Migrations",
    instructions:
      "Migration of tickets, knowledge base articles or workflows from a previous support platform " +
      "such as Zendesk, Intercom, Freshdesk, Front or Help Scout. " +
      "Importing historical conversations, mapping fields and tags, moving macros and automations.",
    examples: [
      "We are moving from Zendesk, can you import our old tickets?",
      "How do we migrate our help center articles from Intercom?",
      "The import of historical conversations from Freshdesk is missing tags",
    ],
  },
  {
    team: "Billing",
    name: "Billing",
    instructions:
      "Invoices, payments and charges. Refunds, credit cards, receipts, VAT and tax questions. " +
      "Failed payments, double charges, billing contacts and payment methods.",
    examples: [
      "Our invoice for March shows the wrong amount",
      "We were charged twice this month, please refund the duplicate charge",
      "Please update the credit card on file and send the receipt to finance",
    ],
  },
] as const;

/** Creates the demo triggers, Router and runbooks. Run as an admin, once, after the teams. */
export async function seedRouting(ctx: CommandContext): Promise<void> {
  const teamId = async (name: string) => {
    const [row] = await ctx.tx
      .select({ id: teams.id })
      .from(teams)
      .where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.name, name)));
    return row?.id;
  };
  const sales = await teamId("Sales");
  const support = await teamId("Support");
  // Triggers on creation decide before any channel's default team (routing/pipeline.ts): every
  // prospect's or trial's issue goes to Sales, whatever the channel or address it came by.
  if (sales) {
    await createTrigger(ctx, {
      name: "Prospects and trials go to Sales",
      event: "issue_created",
      position: 10,
      conditions: { all: [{ field: "account.type", op: "in", value: ["prospect", "trial"] }] },
      actions: [{ type: "set_team", teamId: sales }],
    });
  }
  if (!support) return;
  // "Everything else": no earlier trigger set a team (an inbox's team is applied only after this).
  await createTrigger(ctx, {
    name: "Everything else goes to Support",
    event: "issue_created",
    position: 20,
    conditions: { all: [{ field: "issue.team", op: "is_not_set" }] },
    actions: [{ type: "set_team", teamId: support }],
  });
  const router = await createAgent(ctx, { name: "Router", teamId: support, homeInstructions: SUPPORT_SCOPE });
  let position = 0;
  for (const book of DEMO_RUNBOOKS) {
    const target = await teamId(book.team);
    if (!target) continue;
    await createRunbook(ctx, router.id, {
      name: book.name,
      instructions: book.instructions,
      targetTeamId: target,
      examples: [...book.examples],
      position: position++,
    });
  }
}
