// What the portal mails customers: the one-time login (code and magic link) and the notice of an
// agent's reply with a link to the issue in the portal. Sent through the workspace's outbound
// mail (the `PortalMail` the composition root hands the module), as automatic mail.
import { runCommand } from "../../commands/context";
import type { MessageRow } from "../../commands/lookup";
import { mintPortalLogin, PORTAL_LOGIN_MINUTES } from "../../commands/portal";
import { publicUrlOf } from "../../config";
import { portalSender } from "../../queries/portal";
import type { Services } from "../../services";

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** Sends one mail for the workspace; false when no outbound server is configured. */
export type PortalMail = (services: Services, workspaceId: string, mail: OutgoingMail) => Promise<boolean>;

const LOGIN_ACTOR = { type: "system", name: "portal login" } as const;

/** The portal's address for a workspace: /portal/<domain>. */
export const portalBase = (services: Services, domain: string) => `${publicUrlOf(services.config)}/portal/${domain}`;

/** The `portal.login` job: mint the login's code and link, then mail them. */
export async function sendLoginMail(
  services: Services,
  mail: PortalMail,
  job: { workspaceId: string; loginId: string },
) {
  const sender = await portalSender(services.database.db, job.workspaceId);
  if (!sender) return;
  const minted = await runCommand(services, { workspaceId: job.workspaceId, actor: LOGIN_ACTOR }, (ctx) =>
    mintPortalLogin(ctx, job.loginId),
  );
  if (!minted) return; // used, expired, or mailed already by an earlier run of this job
  const { workspace } = sender;
  const link = `${portalBase(services, workspace.domain)}/login?token=${encodeURIComponent(minted.link)}`;
  const sent = await mail(services, workspace.id, {
    from: { name: `${workspace.name} support`, address: sender.address },
    to: minted.email,
    subject: `Your ${workspace.name} portal code: ${minted.code}`,
    text: [
      `Your code to sign in to the ${workspace.name} support portal is:`,
      "",
      `    ${minted.code}`,
      "",
      `Or open this link to sign in: ${link}`,
      "",
      `The code and the link work once, for ${PORTAL_LOGIN_MINUTES} minutes. If you did not ask for them, ignore this mail.`,
    ].join("\n"),
    headers: { "Auto-Submitted": "auto-generated" },
  });
  if (!sent) console.warn(`[portal] no outbound SMTP is configured: the login mail to ${minted.email} was not sent`);
}

/** Tells the requester an agent replied, with the reply and a link to the issue in the portal. */
export async function notifyReply(
  services: Services,
  mail: PortalMail,
  issue: { workspaceId: string; number: number; title: string },
  message: MessageRow,
  to: string,
): Promise<boolean> {
  const sender = await portalSender(services.database.db, issue.workspaceId);
  if (!sender) return false;
  const { workspace } = sender;
  const url = `${portalBase(services, workspace.domain)}/issues/${issue.number}`;
  return mail(services, workspace.id, {
    from: { name: `${workspace.name} support`, address: sender.address },
    to,
    subject: `Re: ${issue.title} [#${issue.number}]`,
    text: [message.bodyText, "", "—", `Read and reply in the portal: ${url}`].join("\n"),
    headers: { "Auto-Submitted": "auto-replied" },
  });
}
