// The Linear integration: its API (connection, teams, labels, an issue's links, feature requests)
// and its signed webhook, which brings Linear's state and comments back to linked customer issues.
import { featureRequestRoutes } from "../../http/routes/featureRequests";
import { linearRoutes } from "../../http/routes/linear";
import { linearHookRoutes } from "../../http/routes/linearHooks";
import type { Module } from "../../module";

export const linearModule: Module = {
  name: "linear",
  apiRoutes: [linearRoutes, featureRequestRoutes],
  hookRoutes: linearHookRoutes,
};
