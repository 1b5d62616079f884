// Broadcast arrangements shared by the tests and the bench: many customer accounts, each with a
// shared Slack channel (in the stand-in and mapped in Switchboard) and contacts with roles.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { createAccount, createContact } from "../../src/commands/customers";
import { mapSlackChannel, upsertSlackChannels } from "../../src/commands/slack";
import { slackChannels } from "../../src/db/schema";
import type { TestWorkspace } from "../harness";
import type { SlackStandin } from "../slack/standin";

export interface Customer {
  accountId: string;
  name: string;
  channel: string;
  emails: string[];
}

/**
 * `count` accounts named `${prefix} n`, tier Enterprise for even n and Pro for odd, each with a
 * mapped shared channel and `contacts` contacts with the role admin, plus one billing contact.
 */
export async function arrangeCustomers(
  ws: Pick<TestWorkspace, "run">,
  slack: SlackStandin,
  options: { count: number; contacts?: number; prefix?: string; tags?: string[] },
): Promise<Customer[]> {
  const prefix = options.prefix ?? `Acme ${randomBytes(2).toString("hex")}`;
  const perAccount = options.contacts ?? 1;
  const customers: Customer[] = [];
  for (let start = 0; start < options.count; start += 100) {
    const batch = Array.from({ length: Math.min(100, options.count - start) }, (_, i) => start + i);
    const made = await ws.run(async (ctx) => {
      const out: Customer[] = [];
      const channels = batch.map((n) => ({
        slackChannelId: `C${randomBytes(5).toString("hex").toUpperCase()}`,
        name: `ext-${prefix.toLowerCase().replace(/\W+/g, "-")}-${n}`,
        isPrivate: false,
        isExtShared: true,
        isMember: true,
      }));
      await upsertSlackChannels(ctx, channels);
      for (const [i, n] of batch.entries()) {
        const name = `${prefix} ${n}`;
        const account = await createAccount(ctx, {
          name,
          tier: n % 2 === 0 ? "Enterprise" : "Pro",
          ...(options.tags && { tags: options.tags }),
        });
        const channel = channels[i]?.slackChannelId ?? "";
        const [row] = await ctx.tx
          .select({ id: slackChannels.id })
          .from(slackChannels)
          .where(and(eq(slackChannels.workspaceId, ctx.workspaceId), eq(slackChannels.slackChannelId, channel)));
        if (!row) throw new Error("channel not stored");
        await mapSlackChannel(ctx, row.id, { accountId: account.id, mode: "all" });
        const emails: string[] = [];
        const domain = `${randomBytes(3).toString("hex")}.customer.example`;
        for (let c = 0; c < perAccount; c++) {
          const email = `admin${c}@${domain}`;
          await createContact(ctx, { name: `Casey${c} Admin${n}`, email, accountId: account.id, roles: ["admin"] });
          emails.push(email);
        }
        await createContact(ctx, {
          name: `Bill Billing${n}`,
          email: `billing@${domain}`,
          accountId: account.id,
          roles: ["billing"],
        });
        out.push({ accountId: account.id, name, channel, emails });
      }
      return out;
    });
    for (const c of made) slack.addChannel({ id: c.channel, name: `ext-${c.name}`, is_ext_shared: true });
    customers.push(...made);
  }
  return customers;
}
