// /teams: teams and their members (with routing tiers); agent-only.
import {
  CreateTeamInput,
  DeleteTeamQuery,
  IdParams,
  items,
  Ok,
  replies,
  Team,
  TeamDeletion,
  TeamMemberInput,
  TeamMemberParams,
  UpdateTeamInput,
} from "@switchboard/api";
import * as team from "../../commands/team";
import { staffOf } from "../../queries/scope";
import { listTeams } from "../../queries/teams";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentTeam } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function teamRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };

  /** Input and response schemas of the one-line routes below; the longer routes carry theirs inline. */
  const S = {
    getTeams: { tags: ["teams"], response: replies({ 200: items(Team) }, ...LIST_ERRORS) },
    postTeams: { body: CreateTeamInput, tags: ["teams"], response: replies({ 201: Team }, ...WRITE_ERRORS) },
  };

  app.get("/teams", { ...opts, schema: S.getTeams }, async (request) => ({
    items: (await listTeams(db(), staffOf(scopeOf(request)).workspaceId)).map((t) => presentTeam(t.team, t.members)),
  }));
  app.post("/teams", { ...opts, schema: S.postTeams }, async (request, reply) => {
    reply.status(201);
    return presentTeam(await command(request, (ctx) => team.createTeam(ctx, request.body)));
  });
  app.patch(
    "/teams/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        body: UpdateTeamInput,
        tags: ["teams"],
        response: replies({ 200: Team }, ...WRITE_ERRORS),
      },
    },
    async (request) =>
      presentTeam(await command(request, (ctx) => team.updateTeam(ctx, request.params.id, request.body))),
  );
  app.delete(
    "/teams/:id",
    {
      ...opts,
      schema: {
        params: IdParams,
        querystring: DeleteTeamQuery,
        tags: ["teams"],
        response: replies({ 200: TeamDeletion }, ...WRITE_ERRORS),
      },
    },
    async (request) => command(request, (ctx) => team.deleteTeam(ctx, request.params.id, request.query.moveTo)),
  );
  app.put(
    "/teams/:id/members/:userId",
    {
      ...opts,
      schema: {
        params: TeamMemberParams,
        body: TeamMemberInput,
        tags: ["teams"],
        response: replies({ 200: Ok }, ...WRITE_ERRORS),
      },
    },
    async (request) => {
      await command(request, (ctx) => team.setTeamMember(ctx, request.params.id, request.params.userId, request.body));
      return { ok: true };
    },
  );
  app.delete(
    "/teams/:id/members/:userId",
    { ...opts, schema: { params: TeamMemberParams, tags: ["teams"], response: replies({ 200: Ok }, ...WRITE_ERRORS) } },
    async (request) => {
      await command(request, (ctx) => team.removeTeamMember(ctx, request.params.id, request.params.userId));
      return { ok: true };
    },
  );
}
