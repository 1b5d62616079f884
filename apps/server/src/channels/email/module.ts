// Everything the email channel contributes: its outbound sender, its inbox/outbox API, and the
// SMTP listener that receives mail while the server runs.
import { csatLinkRoutes } from "../../http/routes/csatLink";
import { emailRoutes } from "../../http/routes/email";
import { emailSettingsRoutes } from "../../http/routes/emailSettings";
import type { Module } from "../../module";
import { deliverEmailBroadcast } from "./broadcast";
import { askForCsatByEmail } from "./csat";
import { startEmailListener } from "./listener";
import { sendEmailReply } from "./sender";
import { sendAccountMail } from "./systemMail";

export const emailModule: Module = {
  name: "email",
  outbound: {
    channel: "email",
    sender: (services) => ({
      send: (issue, message, attempt) => sendEmailReply(services, issue, message, attempt),
    }),
  },
  apiRoutes: [emailRoutes, emailSettingsRoutes],
  jobs: {
    "account.mail": (services) => (data) => sendAccountMail(services, data),
    // CSAT: a closed email issue's requester is asked by email (one-click links to /csat).
    "issue.changed": (services) => async (data) => {
      if (data.change === "state" && data.to === "closed") {
        await services.jobs.enqueue("csat.email", { workspaceId: data.workspaceId, issueId: data.issueId });
      }
    },
    "csat.email": (services) => (data) => askForCsatByEmail(services, data),
    "broadcast.email": (services) => (data) => deliverEmailBroadcast(services, data),
  },
  hookRoutes: csatLinkRoutes,
  async start(services) {
    const { SMTP_HOST: host, SMTP_PORT: port } = services.config;
    const smtp = await startEmailListener(services, { host, port });
    return { description: `inbound email: smtp://${host}:${smtp.port}`, stop: () => smtp.close() };
  },
};
