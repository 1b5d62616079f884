// What the Slack channel contributes to the worker: its job handlers and its outbound sender.
import { registerOutboundSender } from "../../jobs/deliver";
import type { JobHandler, JobName } from "../../jobs/queue";
import { slackConnectionOf } from "../../queries/slack";
import type { Services } from "../../services";
import { drainSlackInbox, pruneSlackInbox } from "./inbox";
import { slackSender } from "./sender";
import { describeConnectedTeams, syncSlackChannels } from "./sync";

export const slackJobs: [JobName, (services: Services) => JobHandler][] = [
  [
    "slack.event",
    (services) => {
      // The worker that consumes Slack work also delivers replies to Slack.
      registerOutboundSender("slack", slackSender);
      return (data) => drainSlackInbox(services, data.workspaceId);
    },
  ],
  [
    "slack.sync",
    (services) => async (data) => {
      const connection = await slackConnectionOf(services.database.db, data.workspaceId);
      if (!connection) return;
      if (data.phase === "teams") await describeConnectedTeams(services, connection);
      else await syncSlackChannels(services, connection);
    },
  ],
  [
    "slack.prune",
    (services) => async (data) => {
      await pruneSlackInbox(services, data);
    },
  ],
];
