// /business-hours (calendars), /teams/:id/calendar and /sla-policies. Everyone on the staff reads
// them; admins edit them (the commands check).
import {
  Calendar,
  CalendarInput,
  CalendarPatch,
  IdParams,
  items,
  Ok,
  replies,
  SlaPolicy,
  SlaPolicyInput,
  SlaPolicyPatch,
  TeamCalendarInput,
} from "@switchboard/api";
import {
  createCalendar,
  createSlaPolicy,
  deleteCalendar,
  deleteSlaPolicy,
  setTeamCalendar,
  updateCalendar,
  updateSlaPolicy,
} from "../../commands/sla";
import { staffOf } from "../../queries/scope";
import { calendarTeams, listCalendars, listSlaPolicies } from "../../queries/sla";
import { requirePrincipal, scopeOf } from "../auth";
import type { RouteDeps } from "../context";
import { presentCalendar, presentSlaPolicy } from "../presenters";
import { LIST_ERRORS, WRITE_ERRORS } from "../replies";
import type { ZodApp } from "./types";

export function slaRoutes(app: ZodApp, { services, command }: RouteDeps) {
  const db = () => services.database.db;
  const opts = { preHandler: requirePrincipal };
  const tags = ["settings"];

  const S = {
    getCalendars: { tags, response: replies({ 200: items(Calendar) }, ...LIST_ERRORS) },
    postCalendars: { body: CalendarInput, tags, response: replies({ 201: Calendar }, ...WRITE_ERRORS) },
    patchCalendar: {
      params: IdParams,
      body: CalendarPatch,
      tags,
      response: replies({ 200: Calendar }, ...WRITE_ERRORS),
    },
    deleteCalendar: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
    putTeamCalendar: {
      params: IdParams,
      body: TeamCalendarInput,
      tags,
      response: replies({ 200: Ok }, ...WRITE_ERRORS),
    },
    getPolicies: { tags, response: replies({ 200: items(SlaPolicy) }, ...LIST_ERRORS) },
    postPolicies: { body: SlaPolicyInput, tags, response: replies({ 201: SlaPolicy }, ...WRITE_ERRORS) },
    patchPolicy: {
      params: IdParams,
      body: SlaPolicyPatch,
      tags,
      response: replies({ 200: SlaPolicy }, ...WRITE_ERRORS),
    },
    deletePolicy: { params: IdParams, tags, response: replies({ 200: Ok }, ...WRITE_ERRORS) },
  };

  const withTeams = async (workspaceId: string, row: Parameters<typeof presentCalendar>[0]) =>
    presentCalendar(row, (await calendarTeams(db(), workspaceId)).get(row.id) ?? []);

  app.get("/business-hours", { ...opts, schema: S.getCalendars }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    const teams = await calendarTeams(db(), workspaceId);
    return { items: (await listCalendars(db(), workspaceId)).map((c) => presentCalendar(c, teams.get(c.id) ?? [])) };
  });
  app.post("/business-hours", { ...opts, schema: S.postCalendars }, async (request, reply) => {
    const row = await command(request, (ctx) => createCalendar(ctx, request.body));
    reply.status(201);
    return withTeams(row.workspaceId, row);
  });
  app.patch("/business-hours/:id", { ...opts, schema: S.patchCalendar }, async (request) => {
    const row = await command(request, (ctx) => updateCalendar(ctx, request.params.id, request.body));
    return withTeams(row.workspaceId, row);
  });
  app.delete("/business-hours/:id", { ...opts, schema: S.deleteCalendar }, async (request) => {
    await command(request, (ctx) => deleteCalendar(ctx, request.params.id));
    return { ok: true };
  });
  app.put("/teams/:id/calendar", { ...opts, schema: S.putTeamCalendar }, async (request) => {
    await command(request, (ctx) => setTeamCalendar(ctx, request.params.id, request.body.calendarId));
    return { ok: true };
  });

  app.get("/sla-policies", { ...opts, schema: S.getPolicies }, async (request) => {
    const { workspaceId } = staffOf(scopeOf(request));
    return { items: (await listSlaPolicies(db(), workspaceId)).map(presentSlaPolicy) };
  });
  app.post("/sla-policies", { ...opts, schema: S.postPolicies }, async (request, reply) => {
    const row = await command(request, (ctx) => createSlaPolicy(ctx, request.body));
    reply.status(201);
    return presentSlaPolicy(row);
  });
  app.patch("/sla-policies/:id", { ...opts, schema: S.patchPolicy }, async (request) =>
    presentSlaPolicy(await command(request, (ctx) => updateSlaPolicy(ctx, request.params.id, request.body))),
  );
  app.delete("/sla-policies/:id", { ...opts, schema: S.deletePolicy }, async (request) => {
    await command(request, (ctx) => deleteSlaPolicy(ctx, request.params.id));
    return { ok: true };
  });
}
