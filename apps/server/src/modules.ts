// Every channel and integration of the product, listed once. Adding one means writing its
// module.ts and adding it here; server.ts and worker.ts wire the rest.

import { sentimentModule } from "./ai/sentiment/module";
import { topicsModule } from "./ai/topics/module";
import { emailModule } from "./channels/email/module";
import { NoTransport, sendWorkspaceMail } from "./channels/email/transport";
import { portalModule } from "./channels/portal/module";
import { slackModule } from "./channels/slack/module";
import { widgetModule } from "./channels/widget/module";
import { idempotencyModule } from "./idempotency/module";
import { auditLogModule } from "./integrations/auditLog/module";
import { crmModule } from "./integrations/crm/module";
import { importModule } from "./integrations/import/module";
import { linearModule } from "./integrations/linear/module";
import { webhooksModule } from "./integrations/webhooks/module";
import { knowledgeModule } from "./knowledge/module";
import type { Module } from "./module";
import { routingModule } from "./routing/module";
import { slaModule } from "./sla/module";

export const MODULES: readonly Module[] = [
  // Routing first: a new issue reaches its team before anything else reacts to it.
  routingModule,
  slackModule,
  emailModule,
  slaModule,
  linearModule,
  crmModule,
  importModule,
  webhooksModule,
  auditLogModule,
  topicsModule,
  // Account health from customer sentiment, open issues, CSAT and recency.
  sentimentModule,
  // Nightly: images pasted into articles never saved.
  knowledgeModule,
  // Hourly: API idempotency keys past their 24 hours.
  idempotencyModule,
  // The chat widget; unseen replies fall back to the email channel's sender.
  widgetModule({
    emailSender: (services) => {
      const sender = emailModule.outbound?.sender(services);
      if (!sender) throw new Error("the email module has no outbound sender");
      return sender;
    },
  }),
  // The customer portal; its login and reply mails leave through the workspace's outbound mail.
  portalModule({
    mail: (services, workspaceId, mail) =>
      sendWorkspaceMail(services, workspaceId, mail).then(
        () => true,
        (error: unknown) => {
          if (error instanceof NoTransport) return false;
          throw error;
        },
      ),
  }),
];
