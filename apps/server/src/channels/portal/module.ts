// Everything the customer portal contributes: the ticket-form settings (/api/v1/portal/forms),
// the customer's own API and pages under /portal, the login mail, and the outbound "sender" of
// agents' replies on portal issues (the portal shows them; the requester is emailed a link).

import { runCommand } from "../../commands/context";
import { recordInlineSurvey } from "../../commands/csat";
import { portalHookRoutes } from "../../http/routes/portalCustomer";
import { portalFormRoutes } from "../../http/routes/portalForms";
import type { Module } from "../../module";
import { requesterEmail } from "../../queries/portal";
import { notifyReply, type PortalMail, sendLoginMail } from "./mail";

export interface PortalModuleOptions {
  /** The workspace's outbound mail (modules.ts wires the email channel's `sendWorkspaceMail`). */
  mail: PortalMail;
}

export function portalModule(options: PortalModuleOptions): Module {
  return {
    name: "portal",
    outbound: {
      channel: "portal",
      sender: (services) => ({
        send: async (issue, message) => {
          const to = await requesterEmail(services.database.db, issue.workspaceId, issue.requesterContactId);
          // The reply is in the portal either way; the mail only tells the customer it is there.
          const mailed = to ? await notifyReply(services, options.mail, issue, message, to) : false;
          return { externalId: `portal:${message.id}${mailed ? ":mailed" : ""}` };
        },
      }),
    },
    jobs: {
      "portal.login": (services) => async (data) => {
        await sendLoginMail(services, options.mail, data);
      },
      // CSAT: a resolved request asks inline; the request is recorded for the response rate.
      "issue.changed": (services) => async (data) => {
        if (data.change !== "state" || data.to !== "closed") return;
        await runCommand(
          services,
          { workspaceId: data.workspaceId, actor: { type: "system", name: "portal" } },
          (ctx) => recordInlineSurvey(ctx, data.issueId, "portal"),
        );
      },
    },
    apiRoutes: [portalFormRoutes],
    hookRoutes: portalHookRoutes,
  };
}
