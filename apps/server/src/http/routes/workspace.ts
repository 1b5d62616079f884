// /workspace: the tenant's own settings (name, domains, time zone, plan). /setup: the first run,
// open only while the instance has no workspace, guarded by the token the server printed.
import { replies, Session, SetupInput, SetupStatus, UpdateWorkspaceInput, WorkspaceSettings } from "@switchboard/api";
import { completeSetup, hasWorkspaces, updateWorkspaceSettings, type WorkspaceRow } from "../../commands/workspaces";
import { getWorkspace } from "../../queries/accountSettings";
import { staffOf } from "../../queries/scope";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { ITEM_ERRORS, WRITE_ERRORS } from "../replies";
import { signIn } from "../signIn";
import type { ZodApp } from "./types";

const presentWorkspace = (w: WorkspaceRow) => ({
  id: w.id,
  name: w.name,
  domains: w.domains.length > 0 ? w.domains : [w.domain],
  timeZone: w.timeZone,
  plan: w.plan,
});

export function workspaceRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const opts = { preHandler: requirePrincipal };
  const S = {
    get: { tags: ["workspace"], response: replies({ 200: WorkspaceSettings }, ...ITEM_ERRORS) },
    patch: {
      body: UpdateWorkspaceInput,
      tags: ["workspace"],
      response: replies({ 200: WorkspaceSettings }, ...WRITE_ERRORS),
    },
    status: { tags: ["setup"], response: replies({ 200: SetupStatus }) },
    setup: { body: SetupInput, tags: ["setup"], response: replies({ 201: Session }, 400, 403, 409, 429) },
  };

  app.get("/workspace", { ...opts, schema: S.get }, async (request) =>
    presentWorkspace(await getWorkspace(services.database.db, staffOf(scopeOf(request)).workspaceId)),
  );

  app.patch("/workspace", { ...opts, schema: S.patch }, async (request) =>
    presentWorkspace(await command(request, (ctx) => updateWorkspaceSettings(ctx, request.body))),
  );

  app.get("/setup", { schema: S.status }, async () => ({
    needed: !(await hasWorkspaces(services.database.db)),
    demo: services.config.SWITCHBOARD_DEMO === "1",
  }));

  app.post(
    "/setup",
    { schema: S.setup, config: { rateLimit: { max: 10, timeWindow: "1 minute" } } },
    async (request, reply) => {
      const { admin } = await completeSetup(services, request.body);
      reply.status(201);
      return signIn(services, request, reply, admin);
    },
  );
}
