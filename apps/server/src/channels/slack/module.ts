// Everything the Slack channel contributes: its jobs (the inbox drain, channel sync, retention
// sweep), its outbound sender, its settings API and its Events API webhook; and internal threads
// (questions to our own people in internal channels, internal.ts); CSAT surveys in threads (csat.ts).

import { internalThreadRoutes } from "../../http/routes/internalThreads";
import { slackHookRoutes, slackRoutes } from "../../http/routes/slack";
import type { Module } from "../../module";
import { deliverSlackBroadcast } from "./broadcast";
import { askForCsatInSlack } from "./csat";
import { drainSlackInbox, pruneSlackInbox, recoverSlackInboxes, SLACK_PRUNE_CRON } from "./inbox";
import { postInternalCard, postInternalNote, resolveInternalThreads } from "./internal";
import { loadSlackConnection, sealLegacySlackSecrets } from "./secrets";
import { sendSlackReply } from "./sender";
import { describeConnectedTeams, syncSlackChannels } from "./sync";

export const slackModule: Module = {
  name: "slack",
  jobs: {
    "slack.event": (services) => (data) => drainSlackInbox(services, data.workspaceId),
    "slack.sync": (services) => async (data) => {
      const connection = await loadSlackConnection(services, data.workspaceId);
      if (!connection) return;
      if (data.phase === "teams") await describeConnectedTeams(services, connection);
      else await syncSlackChannels(services, connection);
    },
    "slack.prune": (services) => async (data) => {
      await pruneSlackInbox(services, data);
    },
    "internal.post": (services) => (data) => postInternalCard(services, data),
    "internal.note": (services) => (data) => postInternalNote(services, data),
    "issue.changed": (services) => async (data) => {
      await resolveInternalThreads(services, data);
      // CSAT: a closed Slack issue gets Block Kit buttons in its thread (csat.ts).
      if (data.change === "state" && data.to === "closed") {
        await services.jobs.enqueue("csat.slack", { workspaceId: data.workspaceId, issueId: data.issueId });
      }
    },
    "csat.slack": (services) => (data) => askForCsatInSlack(services, data),
    "broadcast.slack": (services) => (data) => deliverSlackBroadcast(services, data),
  },
  recover: recoverSlackInboxes,
  schedules: [["slack.prune", SLACK_PRUNE_CRON, { workspaceId: "all" }]],
  outbound: {
    channel: "slack",
    sender: (services) => ({
      send: (issue, message, attempt) => sendSlackReply(services, issue, message, attempt),
    }),
  },
  apiRoutes: [slackRoutes, internalThreadRoutes],
  hookRoutes: slackHookRoutes,
  // Connections stored before their secrets were sealed (migration 0019) are sealed now.
  async start(services) {
    await sealLegacySlackSecrets(services);
    return { stop: async () => {} };
  },
};
