// Common topics: the clustering job (`topics.cluster`, queued on demand by the API and by the
// schedules: new questions every 10 minutes, everything afresh weekly). Its routes are core API
// routes (http/routes/topics.ts).
import type { Module } from "../../module";
import { queueTopicRuns, runTopics, TOPICS_FULL_CRON, TOPICS_INCREMENTAL_CRON } from "./job";

export const topicsModule: Module = {
  name: "topics",
  jobs: {
    "topics.cluster": (services) => (data) => runTopics(services, data),
    "topics.schedule": (services) => () => queueTopicRuns(services, "incremental"),
    "topics.weekly": (services) => () => queueTopicRuns(services, "full"),
  },
  schedules: [
    ["topics.schedule", TOPICS_INCREMENTAL_CRON, { workspaceId: "all" }],
    ["topics.weekly", TOPICS_FULL_CRON, { workspaceId: "all" }],
  ],
};
