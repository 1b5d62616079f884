// A broadcast's emails: one mail to each chosen contact, from the workspace's first inbox, paced
// to BROADCAST_EMAILS_PER_MINUTE over BROADCAST_EMAIL_CONNECTIONS at once. Each mail's Message-ID
// is the recipient's, so a reply (In-Reply-To) opens an issue linked to the broadcast, and a mail
// whose earlier attempt's outcome is unknown goes again under the same id (receivers collapse it).
import { asc, eq } from "drizzle-orm";
import {
  afterDeliveryPass,
  beginBroadcast,
  type ClaimedRecipient,
  claimRecipients,
  failQueuedRecipients,
  type RecipientOutcome,
  recordRecipientOutcomes,
} from "../../commands/broadcasts";
import { runCommand } from "../../commands/context";
import type { CommandJobs, JobPayloadOf } from "../../commands/jobs";
import { emailInboxes } from "../../db/schema";
import { renderBody } from "../../domain/broadcasts";
import { domainOf } from "../../domain/email/address";
import { renderMarkdown } from "../../html/markdown";
import { getBroadcast, recipientFacts } from "../../queries/broadcasts";
import type { Services } from "../../services";
import { pacer } from "../pace";
import { NoTransport, type OutboundTransport, outboundTransport, sendWorkspaceMail } from "./transport";

const CLAIM = 50;
const PASS_MS = 60_000;

/** The recipient's mail's Message-ID (without brackets): the thread key its replies carry. */
export const broadcastMessageId = (recipientId: string, fromAddress: string) =>
  `sb-broadcast-${recipientId}@${domainOf(fromAddress)}`;

export async function deliverEmailBroadcast(
  services: Services,
  data: JobPayloadOf<CommandJobs, "broadcast.email">,
): Promise<void> {
  const { workspaceId, broadcastId } = data;
  const run = <T>(fn: Parameters<typeof runCommand<T>>[2]) =>
    runCommand(services, { workspaceId, actor: { type: "system", name: "email" } }, fn);
  const begun = await run((ctx) => beginBroadcast(ctx, broadcastId));
  if ("stop" in begun) return;
  if ("waitSeconds" in begun) {
    await services.jobs.enqueue("broadcast.email", data, { startAfter: begun.waitSeconds });
    return;
  }
  const db = services.database.db;
  const [inbox] = await db
    .select()
    .from(emailInboxes)
    .where(eq(emailInboxes.workspaceId, workspaceId))
    .orderBy(asc(emailInboxes.createdAt))
    .limit(1);
  const transport = await outboundTransport(services, workspaceId);
  const unsendable = !inbox
    ? "The workspace has no email inbox to send from."
    : !transport
      ? new NoTransport().message
      : undefined;
  if (unsendable || !inbox || !transport) {
    await run((ctx) => failQueuedRecipients(ctx, broadcastId, "email", unsendable ?? ""));
    await run((ctx) => afterDeliveryPass(ctx, broadcastId, "email"));
    return;
  }
  const { broadcast } = await getBroadcast(db, workspaceId, broadcastId);
  const from = { name: inbox.name || "Switchboard", address: inbox.address };
  const pace = pacer(`${workspaceId}:broadcast.email`, services.config.BROADCAST_EMAILS_PER_MINUTE);
  const until = Date.now() + PASS_MS;
  for (;;) {
    if (Date.now() >= until) break;
    const claimed = await run((ctx) => claimRecipients(ctx, broadcastId, "email", CLAIM));
    if (claimed.length === 0) break;
    const factsOf = await recipientFacts(db, claimed);
    const outcomes: { recipient: ClaimedRecipient; outcome: RecipientOutcome }[] = [];
    await inLanes(claimed, services.config.BROADCAST_EMAIL_CONNECTIONS, async (recipient) => {
      const body = renderBody(broadcast.body, factsOf(recipient));
      const messageId = broadcastMessageId(recipient.id, inbox.address);
      await pace();
      const outcome = await mailOne(services, workspaceId, transport, {
        from,
        to: recipient.address,
        subject: broadcast.title,
        text: body,
        html: renderMarkdown(body),
        messageId: `<${messageId}>`,
        headers: { "X-Switchboard-Broadcast": broadcastId, Precedence: "bulk" },
      }).then((o) => ("sent" in o ? { sent: true as const, threadKey: messageId } : o));
      outcomes.push({ recipient, outcome });
    });
    await run((ctx) => recordRecipientOutcomes(ctx, outcomes));
  }
  await run((ctx) => afterDeliveryPass(ctx, broadcastId, "email"));
}

async function mailOne(
  services: Services,
  workspaceId: string,
  transport: OutboundTransport,
  mail: Parameters<typeof sendWorkspaceMail>[2],
): Promise<RecipientOutcome> {
  try {
    await sendWorkspaceMail(services, workspaceId, mail, transport);
    return { sent: true, threadKey: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code = (error as { responseCode?: unknown }).responseCode;
    // 5xx: the server refuses this mail for good (an unknown mailbox); anything else may pass later.
    if (typeof code === "number" && code >= 500) return { failed: `The outgoing email server refused it: ${message}` };
    return { later: message };
  }
}

/** Runs `work` over `items` with at most `lanes` at a time. */
async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(lanes, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
