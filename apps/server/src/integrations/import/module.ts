// Import from another help desk: the API that starts a Zendesk import and reports on runs, and the
// `import.run` job that carries one out (or resumes it from its cursor after a worker died).
import { importRoutes } from "../../http/routes/imports";
import type { Module } from "../../module";
import { runQueuedImport } from "./start";

export const importModule: Module = {
  name: "import",
  jobs: {
    "import.run": (services) => (data) => runQueuedImport(services, data),
  },
  apiRoutes: [importRoutes],
};
