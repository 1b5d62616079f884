// Bulk changes over the API: the backstop lead clears an unassigned queue in one request; each
// issue goes through the single-issue commands (events, permissions, tenancy), and one refusal
// is reported without undoing the others.
import { describe, expect, it } from "vitest";
import { changeState, openIssue } from "../src/commands/issues";
import { addPerson, expectError } from "./foundation/support";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

async function desk() {
  const ws = await buildWorkspace(app());
  const as = api(app(), ws.admin);
  const team = (await as.post("/teams", { name: "Support", mode: "pooled" })).json() as { id: string };
  const numbers: number[] = [];
  for (const title of ["SSO loop", "Export fails", "Invoice address"]) {
    numbers.push((await ws.run((ctx) => openIssue(ctx, { title, teamId: team.id }))).number);
  }
  return { ws, as, team, numbers };
}

describe("bulk changes", () => {
  it("assigns a whole unassigned queue to one agent, recording each issue's own event", async () => {
    const { ws, as, numbers } = await desk();
    const dana = (await as.post("/users", { email: `dana@${ws.workspaceId}.test`, name: "Dana Kim" })).json();
    const res = await as.post("/issues/bulk", {
      numbers,
      change: { assigneeUserId: dana.id, priority: "high", addTags: ["queue-sweep"] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ updated: numbers, failed: [] });
    for (const n of numbers) {
      const issue = (await as.get(`/issues/${n}`)).json();
      expect(issue).toMatchObject({ assignee: { id: dana.id }, priority: "high", tags: ["queue-sweep"] });
      const types = (await as.get(`/issues/${n}/events`)).json().items.map((e: { type: string }) => e.type);
      expect(types).toEqual(expect.arrayContaining(["assignee", "priority", "tags"]));
    }
  });

  it("closes what it can and names each issue it could not close, with the reason", async () => {
    const { as, numbers } = await desk();
    const [sso, exportIssue, invoice] = numbers;
    await as.post("/custom-fields", {
      object: "issue",
      key: "category",
      label: "Category",
      type: "select",
      options: ["Bug", "Question"],
      requiredOnClose: true,
    });
    await as.patch(`/issues/${sso}`, { customFields: { category: "Bug" } });
    await as.patch(`/issues/${invoice}`, { customFields: { category: "Question" } });
    const res = await as.post("/issues/bulk", { numbers: [...numbers, 999_999], change: { state: "closed" } });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.updated).toEqual([sso, invoice]);
    expect(body.failed).toEqual([
      { number: exportIssue, code: "validation_failed", message: "Set Category before closing this issue." },
      { number: 999_999, code: "not_found", message: "Issue #999999 not found" },
    ]);
    expect((await as.get(`/issues/${exportIssue}`)).json().state).not.toBe("closed");
    // The refused issue's savepoint left no event behind.
    const types = (await as.get(`/issues/${exportIssue}/events`)).json().items.map((e: { type: string }) => e.type);
    expect(types).not.toContain("state");
  });

  it("never reaches another workspace's issues, and refuses a viewer the whole batch", async () => {
    const ours = await desk();
    const theirs = await desk();
    const res = await ours.as.post("/issues/bulk", {
      numbers: theirs.numbers,
      change: { teamId: ours.team.id },
    });
    // Numbers are per workspace: the same numbers name our own issues, never theirs.
    expect(res.json().updated).toEqual(theirs.numbers);
    for (const n of theirs.numbers) {
      expect((await theirs.as.get(`/issues/${n}`)).json().team.id).toBe(theirs.team.id);
    }
    // A team of another workspace is refused before anything changes.
    const foreign = await ours.as.post("/issues/bulk", { numbers: ours.numbers, change: { teamId: theirs.team.id } });
    expectError(foreign, 404, "not_found");
    const viewer = await addPerson(app(), ours.ws, "viewer");
    const refused = await api(app(), viewer).post("/issues/bulk", {
      numbers: ours.numbers,
      change: { priority: "urgent" },
    });
    expectError(refused, 403, "forbidden");
    expectError(await ours.as.post("/issues/bulk", { numbers: ours.numbers, change: {} }), 400, "validation_failed");
  });
});

describe("the board's closed column", () => {
  it("lists only what was closed since the agent's midnight", async () => {
    const { ws, as, team, numbers } = await desk();
    const [older, today] = numbers;
    const board = (
      await as.post("/views", {
        name: "Support board",
        ownerType: "workspace",
        layout: "kanban",
        filter: { field: "issue.team", op: "in", value: [team.id] },
      })
    ).json();
    const yesterday = new Date(Date.now() - 86_400_000);
    await ws.run((ctx) => changeState({ ...ctx, now: () => yesterday }, older ?? 0, "closed"));
    await as.patch(`/issues/${today}`, { state: "closed" });
    const midnight = new Date(Date.now() - 3_600_000).toISOString();
    const closed = await as.get(`/views/${board.id}/issues?state=closed&closedSince=${encodeURIComponent(midnight)}`);
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().items.map((i: { number: number }) => i.number)).toEqual([today]);
    expect((await as.get(`/views/${board.id}/issues?state=closed`)).json().items).toHaveLength(2);
    expectError(await as.get(`/views/${board.id}/issues?closedSince=yesterday`), 400, "validation_failed");
  });
});

describe("Cc through a macro", () => {
  it("takes the agent's Cc with a macro's reply, and refuses it where there is no email to copy", async () => {
    const { as, numbers } = await desk();
    const macro = (await as.post("/macros", { name: "Thanks", body: "Thanks, we are on it." })).json();
    const res = await as.post(`/issues/${numbers[0]}/macros/${macro.id}/apply`, { cc: ["am@customer.test"] });
    expectError(res, 400, "validation_failed");
    expect(res.json().error.message).toBe("Cc is for public replies on email issues only.");
    const plain = await as.post(`/issues/${numbers[0]}/macros/${macro.id}/apply`, {});
    expect(plain.statusCode, plain.body).toBe(200);
  });
});
