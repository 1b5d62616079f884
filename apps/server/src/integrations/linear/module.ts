// The Linear integration: its API (connection, teams, an issue's links) and its signed webhook,
// which brings Linear's state back to the linked customer issues.
import { linearHookRoutes, linearRoutes } from "../../http/routes/linear";
import type { Module } from "../../module";

export const linearModule: Module = {
  name: "linear",
  apiRoutes: [linearRoutes],
  hookRoutes: linearHookRoutes,
};
