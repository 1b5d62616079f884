// Everything the chat widget contributes: its settings API (/api/v1/widgets) and CSAT reads, the
// customer's own endpoints and live socket under /widget, the outbound "sender" of widget replies
// (the widget shows a reply once it is delivered), and the email fallback for unseen replies.
import type { OutboundSender } from "../../commands/outbound";
import { widgetHookRoutes } from "../../http/routes/widgetCustomer";
import { widgetRoutes } from "../../http/routes/widgets";
import type { Module } from "../../module";
import type { Services } from "../../services";
import { recordWidgetSurvey } from "./csat";
import { emailUnseenReplies } from "./fallback";

/** Each minute: replies unseen for longer than their widget's fallbackMinutes go out by email. */
export const WIDGET_FALLBACK_CRON = "* * * * *";

export interface WidgetModuleOptions {
  /** The email channel's sender of replies, for the fallback (modules.ts wires it). */
  emailSender(services: Services): OutboundSender;
}

export function widgetModule(options: WidgetModuleOptions): Module {
  return {
    name: "widget",
    outbound: {
      channel: "widget",
      // The reply is stored; the widget fetches it once delivered (live, through its socket).
      sender: () => ({ send: async (_issue, message) => ({ externalId: `widget:${message.id}` }) }),
    },
    jobs: {
      "widget.fallback": (services) => async (data) => {
        await emailUnseenReplies(services, options.emailSender(services), data);
      },
      // CSAT: the survey shows inline once resolved; the request is recorded for the response rate.
      "issue.changed": (services) => async (data) => {
        if (data.change === "state" && data.to === "closed") await recordWidgetSurvey(services, data);
      },
    },
    schedules: [["widget.fallback", WIDGET_FALLBACK_CRON, { workspaceId: "all" }]],
    apiRoutes: [widgetRoutes],
    hookRoutes: widgetHookRoutes,
  };
}
