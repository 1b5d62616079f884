// Roles per command: viewers read, members work issues and customers, admins change settings.
// Each row is tried as viewer, then member, then admin; below its least role it must be a 403.
import { beforeAll, describe, expect, it } from "vitest";
import { quarantineDelivery } from "../../src/commands/quarantine";
import type { Role } from "../../src/domain/permissions";
import { api, buildWorkspace, type Session, type TestWorkspace, unique, useTestApp } from "../harness";
import { addPerson, expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

type Api = ReturnType<typeof api>;
interface Fixture {
  number: number;
  /** One issue per role to merge away. */
  mergeable: Record<Role, number>;
  accountId: string;
  contactId: string;
  teamId: string;
  doomedTeamId: string;
  tagId: string;
  fieldId: string;
  viewId: string;
  macroId: string;
  tokenId: string;
  quarantineId: string;
  colleagueId: string;
}

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2 };

const ACTIONS: [string, Role, (as: Api, f: Fixture, role: Role) => ReturnType<Api["get"]>][] = [
  // Anyone signed in.
  ["list issues", "viewer", (as) => as.get("/issues")],
  ["read an issue", "viewer", (as, f) => as.get(`/issues/${f.number}`)],
  ["create a personal view", "viewer", (as) => as.post("/views", { name: unique("mine"), ownerType: "user" })],
  ["mark notifications read", "viewer", (as) => as.post("/notifications/read", { ids: "all" })],
  ["read analytics", "viewer", (as) => as.get("/analytics/metrics?metric=first_response_time&group_by=team")],
  ["read business hours", "viewer", (as) => as.get("/business-hours")],
  ["read SLA policies", "viewer", (as) => as.get("/sla-policies")],
  // Members: issue and customer work.
  ["open an issue", "member", (as) => as.post("/issues", { title: "From the role test" })],
  ["change priority", "member", (as, f) => as.patch(`/issues/${f.number}`, { priority: "high" })],
  ["close an issue", "member", (as, f) => as.patch(`/issues/${f.number}`, { state: "closed" })],
  ["reply", "member", (as, f) => as.post(`/issues/${f.number}/messages`, { body: "On it" })],
  [
    "internal note",
    "member",
    (as, f) => as.post(`/issues/${f.number}/messages`, { visibility: "internal", body: "n" }),
  ],
  ["merge", "member", (as, f, r) => as.post(`/issues/${f.mergeable[r]}/merge`, { intoNumber: f.number })],
  ["apply a macro", "member", (as, f) => as.post(`/issues/${f.number}/macros/${f.macroId}/apply`, {})],
  ["create an account", "member", (as) => as.post("/accounts", { name: unique("Acct") })],
  ["edit an account", "member", (as, f) => as.patch(`/accounts/${f.accountId}`, { tier: "Gold" })],
  ["create a contact", "member", (as) => as.post("/contacts", { name: "New Person" })],
  ["edit a contact", "member", (as, f) => as.patch(`/contacts/${f.contactId}`, { name: "Renamed" })],
  ["create a workspace view", "member", (as) => as.post("/views", { name: unique("v"), ownerType: "workspace" })],
  ["edit a workspace view", "member", (as, f) => as.patch(`/views/${f.viewId}`, { name: "Renamed" })],
  // Admins: settings, people, tokens, quarantine.
  ["create a team", "admin", (as) => as.post("/teams", { name: unique("Team") })],
  ["edit a team", "admin", (as, f) => as.patch(`/teams/${f.teamId}`, { description: "edited" })],
  ["add a team member", "admin", (as, f) => as.put(`/teams/${f.teamId}/members/${f.colleagueId}`, {})],
  ["remove a team member", "admin", (as, f) => as.delete(`/teams/${f.teamId}/members/${f.colleagueId}`)],
  ["invite a user", "admin", (as) => as.post("/users", { email: `${unique("u")}@x.test`, name: "New" })],
  ["change a role", "admin", (as, f) => as.patch(`/users/${f.colleagueId}`, { role: "member" })],
  ["deactivate a user", "admin", (as, f) => as.patch(`/users/${f.colleagueId}`, { deactivated: false })],
  ["create a tag", "admin", (as) => as.post("/tags", { name: unique("tag") })],
  ["delete a tag", "admin", (as, f) => as.delete(`/tags/${f.tagId}`)],
  ["create a custom field", "admin", (as) => as.post("/custom-fields", cf())],
  ["edit a custom field", "admin", (as, f) => as.patch(`/custom-fields/${f.fieldId}`, { label: "Edited" })],
  ["create a macro", "admin", (as) => as.post("/macros", { name: "m", body: "hi" })],
  ["edit a macro", "admin", (as, f) => as.patch(`/macros/${f.macroId}`, { name: "Edited" })],
  ["list API tokens", "admin", (as) => as.get("/api-tokens")],
  ["create an API token", "admin", (as) => as.post("/api-tokens", { name: "ci" })],
  ["revoke an API token", "admin", (as, f) => as.delete(`/api-tokens/${f.tokenId}`)],
  ["list quarantine", "admin", (as) => as.get("/quarantine")],
  ["discard quarantine", "admin", (as, f) => as.post(`/quarantine/${f.quarantineId}`, { action: "discard" })],
  ["create a trigger", "admin", (as, f) => as.post("/triggers", trigger(f.teamId))],
  ["create an AI agent", "admin", (as) => as.post("/ai-agents", { name: unique("Router"), enabled: false })],
  ["set team routing", "admin", (as, f) => as.put(`/teams/${f.teamId}/routing`, { strategy: "round_robin" })],
  ["add an email inbox", "admin", (as) => as.post("/inboxes", { address: `${unique("help")}@acme.test` })],
  ["delete a team", "admin", (as, f) => as.delete(`/teams/${f.doomedTeamId}?moveTo=${f.teamId}`)],
  [
    "create business hours",
    "admin",
    (as) => as.post("/business-hours", { name: unique("Hours"), timeZone: "UTC", hours: [] }),
  ],
  ["set a team's calendar", "admin", (as, f) => as.put(`/teams/${f.teamId}/calendar`, { calendarId: null })],
  ["create an SLA policy", "admin", (as) => as.post("/sla-policies", { name: unique("SLA"), resolutionMinutes: 60 })],
];

let ws: TestWorkspace;
let sessions: Record<Role, Session>;
let fixture: Fixture;

beforeAll(async () => {
  ws = await buildWorkspace(app());
  sessions = {
    admin: ws.admin,
    member: await addPerson(app(), ws, "member", "Mia Member"),
    viewer: await addPerson(app(), ws, "viewer", "Vic Viewer"),
  };
  fixture = await arrange();
});

describe("roles", () => {
  it("lets each role do exactly what it may, and answers 403 forbidden below that", async () => {
    for (const [what, least, call] of ACTIONS) {
      for (const role of ["viewer", "member", "admin"] as const) {
        const res = await call(api(app(), sessions[role]), fixture, role);
        if (RANK[role] >= RANK[least]) {
          expect(res.statusCode, `${role} may ${what}: ${res.body}`).toBeLessThan(300);
        } else {
          expectError(res, 403, "forbidden", `${role} may not ${what}`);
        }
      }
    }
    // The refused attempts changed nothing: one merge happened (the admin's), one close, one tag gone.
    const as = api(app(), ws.admin);
    const merged = await Promise.all(
      (["viewer", "member", "admin"] as const).map(
        async (r) => (await as.get(`/issues/${fixture.mergeable[r]}`)).json().mergedIntoIssueId !== null,
      ),
    );
    expect(merged).toEqual([false, true, true]);
    expect((await as.get("/tags")).json().items.map((t: { id: string }) => t.id)).not.toContain(fixture.tagId);
  });

  it("lets anyone update their own name and away flag, but not their role", async () => {
    for (const role of ["viewer", "member"] as const) {
      const as = api(app(), sessions[role]);
      const self = sessions[role].userId;
      const ok = await as.patch(`/users/${self}`, { name: `Renamed ${role}`, away: true });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toMatchObject({ name: `Renamed ${role}`, away: true, role });
      expectError(await as.patch(`/users/${self}`, { role: "admin" }), 403, "forbidden");
    }
    expectError(await api(app(), ws.admin).patch(`/users/${ws.adminId}`, { role: "member" }), 400, "validation_failed");
  });

  it("applies a role change to existing sessions at once, and shuts out a deactivated user", async () => {
    const admin = api(app(), ws.admin);
    const person = await addPerson(app(), ws, "member", "Max");
    expect((await api(app(), person).post("/issues", { title: "as member" })).statusCode).toBe(201);
    await admin.patch(`/users/${person.userId}`, { role: "viewer" });
    expectError(await api(app(), person).post("/issues", { title: "as viewer" }), 403, "forbidden");
    await admin.patch(`/users/${person.userId}`, { deactivated: true });
    expectError(await api(app(), person).get("/issues"), 401, "unauthenticated");
  });
});

async function arrange(): Promise<Fixture> {
  const as = api(app(), ws.admin);
  const json = async (res: ReturnType<Api["get"]>) => {
    const r = await res;
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const number = (await json(as.post("/issues", { title: "Shared issue" }))).number;
  const mergeable = {
    viewer: (await json(as.post("/issues", { title: "dup 1" }))).number,
    member: (await json(as.post("/issues", { title: "dup 2" }))).number,
    admin: (await json(as.post("/issues", { title: "dup 3" }))).number,
  };
  const parked = await quarantineDelivery(app().services.database.db, {
    workspaceId: ws.workspaceId,
    channel: "email",
    reason: "unparseable",
    raw: "garbage",
  });
  return {
    number,
    mergeable,
    accountId: (await json(as.post("/accounts", { name: "Acme" }))).id,
    contactId: (await json(as.post("/contacts", { name: "Pat" }))).id,
    teamId: (await json(as.post("/teams", { name: "Support" }))).id,
    doomedTeamId: (await json(as.post("/teams", { name: "Doomed" }))).id,
    tagId: (await json(as.post("/tags", { name: "doomed" }))).id,
    fieldId: (await json(as.post("/custom-fields", cf()))).id,
    viewId: (await json(as.post("/views", { name: "Shared", ownerType: "workspace" }))).id,
    macroId: (await json(as.post("/macros", { name: "Thanks", body: "Thanks!" }))).id,
    tokenId: (await json(as.post("/api-tokens", { name: "old" }))).id,
    quarantineId: parked.id,
    colleagueId: sessions.member.userId,
  };
}

function cf() {
  return { object: "issue", key: unique("f").replaceAll("-", "_"), label: "Field", type: "text" };
}

function trigger(teamId: string) {
  return { name: unique("t"), event: "issue_created", enabled: false, actions: [{ type: "set_team", teamId }] };
}
