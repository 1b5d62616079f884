// System mail: what Switchboard itself sends people (password reset, invitations, email-change
// confirmation), through the same outbound transport as agents' replies. It runs as the
// `account.mail` job, so a request answers before any SMTP work and a failed send is retried.
import { asc, eq } from "drizzle-orm";
import { mintLinkSecret } from "../../commands/accountLinks";
import { runCommand } from "../../commands/context";
import type { CommandJobPayload } from "../../commands/jobs";
import { publicUrlOf } from "../../config";
import { emailInboxes, workspaces } from "../../db/schema";
import { composeAccountMail } from "../../domain/accountMail";
import type { Services } from "../../services";
import { outboundTransport, sendWorkspaceMail } from "./transport";

export async function sendAccountMail(services: Services, job: CommandJobPayload<"account.mail">): Promise<void> {
  const db = services.database.db;
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, job.workspaceId));
  if (!workspace) return; // deleted since: nobody to write for
  const transport = await outboundTransport(services, workspace.id);
  if (!transport) {
    // Nothing to send with: say so where the admin looks (the server log), not to the requester.
    console.warn(
      `[system mail] no outbound SMTP is configured (Settings → Outgoing email, or SMTP_URL): the ${job.template} mail to ${job.to} was not sent`,
    );
    return;
  }
  const token = await runCommand(services, { workspaceId: workspace.id, actor: SYSTEM_MAIL }, (ctx) =>
    mintLinkSecret(ctx, job.linkId),
  );
  if (!token) return; // used, revoked or expired since it was asked for
  const mail = composeAccountMail({
    template: job.template,
    baseUrl: publicUrlOf(services.config),
    token,
    workspaceName: workspace.name,
    name: job.name,
    invitedBy: job.invitedBy,
  });
  await sendWorkspaceMail(services, workspace.id, {
    from: { name: `${workspace.name} via Switchboard`, address: await fromAddress(services, workspace) },
    to: job.to,
    subject: mail.subject,
    text: mail.text,
    // Automatic mail (RFC 3834): autoresponders must not answer it.
    headers: { "Auto-Submitted": "auto-generated" },
  });
}

const SYSTEM_MAIL = { type: "system", name: "system mail" } as const;

/** The workspace's first inbox, else no-reply at its own domain. */
async function fromAddress(services: Services, workspace: typeof workspaces.$inferSelect): Promise<string> {
  const [inbox] = await services.database.db
    .select({ address: emailInboxes.address })
    .from(emailInboxes)
    .where(eq(emailInboxes.workspaceId, workspace.id))
    .orderBy(asc(emailInboxes.createdAt))
    .limit(1);
  return inbox?.address ?? `no-reply@${workspace.domain}`;
}
