import type { IssueEvent, Message } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { api, buildWorkspace, useTestApp } from "../harness";
import { customerSays, expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

type ApiEvent = IssueEvent;

describe("issue events", () => {
  it("records one event per change, in order, with the acting user", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const team = (await as.post("/teams", { name: "Support" })).json();
    await as.post("/custom-fields", { object: "issue", key: "seats", label: "Seats", type: "number" });
    const n = (await as.post("/issues", { title: "Audit me", body: "First reply" })).json().number as number;

    const changes: [unknown, unknown][] = [
      [{ teamId: team.id }, ["team"]],
      [{ assigneeUserId: ws.adminId }, ["assignee"]],
      [{ priority: "high" }, ["priority"]],
      [{ tags: ["Bug", "export"] }, ["tags"]],
      [{ customFields: { seats: 40 } }, ["field"]],
      [{ title: "Audit me, renamed" }, ["title"]],
      [{ state: "on_hold" }, ["state"]],
      // No-ops write nothing.
      [{ priority: "high", tags: ["export", "bug"] }, []],
    ];
    for (const [patch, expected] of changes) {
      const before = await events(n);
      const res = await as.patch(`/issues/${n}`, patch);
      expect(res.statusCode, res.body).toBe(200);
      const added = (await events(n)).filter((e) => e.seq > (before.at(-1)?.seq ?? 0) && byAdmin(e));
      expect(
        added.map((e) => e.type),
        JSON.stringify(patch),
      ).toEqual(expected);
      for (const e of added) expect(e).toMatchObject({ actorType: "user", actorId: ws.adminId });
    }

    // Jobs (routing, AI priority) may add their own events; this test is about the person's changes.
    await app().services.jobs.idle();
    const all = (await events(n)).filter(byAdmin);
    // The state move a message causes is logged in the same transaction, just before the message.
    expect(all.map((e) => e.type)).toEqual([
      "created",
      "state",
      "message",
      "team",
      "assignee",
      "priority",
      "tags",
      "field",
      "title",
      "state",
    ]);
    const seqs = all.map((e) => e.seq);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const byType = (t: string) => all.filter((e) => e.type === t).map((e) => e.data);
    expect(byType("created")[0]).toMatchObject({ channel: "api", teamId: null });
    expect(byType("message")[0]).toMatchObject({ authorType: "user", visibility: "public" });
    expect(byType("state")).toEqual([
      { from: "new", to: "on_customer" },
      { from: "on_customer", to: "on_hold" },
    ]);
    expect(byType("team")).toEqual([{ from: null, to: team.id }]);
    expect(byType("assignee")).toEqual([
      { from: { userId: null, agentId: null }, to: { userId: ws.adminId, agentId: null } },
    ]);
    expect(byType("priority")).toEqual([expect.objectContaining({ to: "high", setBy: "user" })]);
    expect(byType("tags")).toEqual([{ added: ["bug", "export"], removed: [] }]);
    expect(byType("field")).toEqual([{ key: "seats", from: null, to: 40 }]);

    // A customer message is recorded with its author type.
    await customerSays(ws, n, "Still broken");
    const last = (await events(n)).filter((e) => e.type === "message").at(-1);
    expect(last?.data).toMatchObject({ authorType: "contact", visibility: "public" });

    function byAdmin(e: ApiEvent) {
      return e.actorType === "user" && e.actorId === ws.adminId;
    }

    async function events(number: number): Promise<ApiEvent[]> {
      const res = await as.get(`/issues/${number}/events`);
      expect(res.statusCode).toBe(200);
      return res.json().items;
    }
  });

  it("merges two issues: messages move, the source closes and points at the target, both logs say so", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const source = (await as.post("/issues", { title: "Duplicate report", body: "Reply on the duplicate" })).json();
    const target = (await as.post("/issues", { title: "Original report", body: "Reply on the original" })).json();
    await customerSays(ws, source.number, "Customer wrote on the duplicate");

    const merged = await as.post(`/issues/${source.number}/merge`, { intoNumber: target.number });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().number).toBe(target.number);

    const after = (await as.get(`/issues/${source.number}`)).json();
    expect(after).toMatchObject({ state: "closed", mergedIntoIssueId: target.id });
    expect(after.resolvedAt).not.toBeNull();
    expect((await as.get(`/issues/${source.number}/messages`)).json().items).toEqual([]);
    const moved = (await as.get(`/issues/${target.number}/messages`)).json().items as Message[];
    expect(moved.map((m) => m.bodyText).sort()).toEqual(
      ["Customer wrote on the duplicate", "Reply on the duplicate", "Reply on the original"].sort(),
    );

    const mine = (e: ApiEvent) => e.actorType === "user";
    const sourceEvents = ((await as.get(`/issues/${source.number}/events`)).json().items as ApiEvent[]).filter(mine);
    expect(sourceEvents.slice(-2).map((e) => [e.type, e.data])).toEqual([
      ["merged", { into: target.number }],
      ["state", { from: "on_you", to: "closed" }],
    ]);
    const targetEvents = ((await as.get(`/issues/${target.number}/events`)).json().items as ApiEvent[]).filter(mine);
    expect(targetEvents.at(-1)).toMatchObject({ type: "merged_from", data: { from: source.number } });

    // A merged issue takes no more replies or merges; merging into itself is invalid.
    expectError(await as.post(`/issues/${source.number}/messages`, { body: "late" }), 409, "conflict");
    expectError(await as.post(`/issues/${source.number}/merge`, { intoNumber: target.number }), 409, "conflict");
    expectError(
      await as.post(`/issues/${target.number}/merge`, { intoNumber: target.number }),
      400,
      "validation_failed",
    );
    expectError(await as.post(`/issues/${target.number}/merge`, { intoNumber: 999 }), 404, "not_found");

    // Merging an issue that was already closed keeps its resolution and logs no second close.
    const done = (await as.post("/issues", { title: "Closed duplicate" })).json();
    const closed = (await as.patch(`/issues/${done.number}`, { state: "closed" })).json();
    expect((await as.post(`/issues/${done.number}/merge`, { intoNumber: target.number })).statusCode).toBe(200);
    expect((await as.get(`/issues/${done.number}`)).json().resolvedAt).toBe(closed.resolvedAt);
    const doneEvents = ((await as.get(`/issues/${done.number}/events`)).json().items as ApiEvent[]).filter(mine);
    expect(doneEvents.map((e) => e.type)).toEqual(["created", "state", "merged"]);
  });
});
