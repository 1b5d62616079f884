import type { IssueEvent } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { api, buildWorkspace, unique, useTestApp } from "../harness";
import { customerSays, expectError } from "./support";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp();

describe("issue lifecycle", () => {
  it("moves with the conversation: customer → On You, agent reply → On Customer, notes change nothing, closed reopens", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const stateOf = async (n: number) => (await as.get(`/issues/${n}`)).json().state as string;

    // A customer email opens a New issue; New means "nobody has answered yet".
    const opened = await ws.run((ctx) =>
      ingestInbound(ctx, {
        workspaceId: ws.workspaceId,
        channel: "email",
        threadKey: `<${unique("root")}@acme.test>`,
        externalId: `<${unique("m")}@acme.test>`,
        author: { email: "pat@acme.test", name: "Pat" },
        subject: "Export is broken",
        text: "Exports fail since Monday",
        sentAt: new Date(),
        source: {},
      }),
    );
    const n = opened.issue.number;
    expect(opened.createdIssue).toBe(true);
    expect(await stateOf(n)).toBe("new");
    const contactId = opened.message.authorContactId ?? "";

    // An internal note is not an answer: still New.
    expect(
      (await as.post(`/issues/${n}/messages`, { visibility: "internal", body: "Looks like #12" })).statusCode,
    ).toBe(201);
    expect(await stateOf(n)).toBe("new");
    // The customer following up on an unanswered issue keeps it in New (lifecycle.ts: "stays new until touched").
    await customerSays(ws, n, "Any news?", contactId);
    expect(await stateOf(n)).toBe("new");

    // Agent public reply → On Customer, and first response is stamped.
    await as.post(`/issues/${n}/messages`, { body: "We are on it" });
    let issue = (await as.get(`/issues/${n}`)).json();
    expect(issue.state).toBe("on_customer");
    expect(issue.firstResponseAt).not.toBeNull();

    // Internal note on On Customer: unchanged.
    await as.post(`/issues/${n}/messages`, { visibility: "internal", body: "waiting for logs" });
    expect(await stateOf(n)).toBe("on_customer");

    // Customer replies → On You.
    await customerSays(ws, n, "Here are the logs", contactId);
    expect(await stateOf(n)).toBe("on_you");

    // Closed, then the customer writes again → reopened to On You, resolvedAt cleared.
    expect((await as.patch(`/issues/${n}`, { state: "closed" })).json().state).toBe("closed");
    expect((await as.get(`/issues/${n}`)).json().resolvedAt).not.toBeNull();
    await customerSays(ws, n, "It broke again", contactId);
    issue = (await as.get(`/issues/${n}`)).json();
    expect(issue.state).toBe("on_you");
    expect(issue.resolvedAt).toBeNull();
    const types = ((await as.get(`/issues/${n}/events`)).json().items as IssueEvent[]).map((e) => e.type);
    expect(types.filter((t) => t === "reopened")).toHaveLength(1);

    // An agent reply to a closed issue does not reopen it.
    await as.patch(`/issues/${n}`, { state: "closed" });
    await as.post(`/issues/${n}/messages`, { body: "Closing note to the customer" });
    expect(await stateOf(n)).toBe("closed");
  });

  it("accepts manual moves to On Hold, On You and Closed, and refuses going back to New", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const n = (await as.post("/issues", { title: "Manual moves" })).json().number as number;
    for (const state of ["on_hold", "on_you", "on_customer", "closed", "on_hold"]) {
      const res = await as.patch(`/issues/${n}`, { state });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().state).toBe(state);
    }
    const back = await as.patch(`/issues/${n}`, { state: "new" });
    expectError(back, 409, "conflict");
    expect((await as.get(`/issues/${n}`)).json().state).toBe("on_hold");
    expectError(await as.patch(`/issues/${n}`, { state: "done" }), 400, "validation_failed");
    const stateEvents = ((await as.get(`/issues/${n}/events`)).json().items as IssueEvent[])
      .filter((e) => e.type === "state")
      .map((e) => e.data);
    expect(stateEvents).toEqual([
      { from: "new", to: "on_hold" },
      { from: "on_hold", to: "on_you" },
      { from: "on_you", to: "on_customer" },
      { from: "on_customer", to: "closed" },
      { from: "closed", to: "on_hold" },
    ]);
  });

  it("will not close an issue until its required-on-close fields are set", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const field = await as.post("/custom-fields", {
      object: "issue",
      key: "root_cause",
      label: "Root cause",
      type: "select",
      options: ["bug", "config", "question"],
      requiredOnClose: true,
    });
    expect(field.statusCode, field.body).toBe(201);
    const n = (await as.post("/issues", { title: "Needs a root cause" })).json().number as number;

    const refused = expectError(await as.patch(`/issues/${n}`, { state: "closed" }), 400, "validation_failed");
    expect(refused.details).toEqual({ missingFields: ["Root cause"] });
    expect((await as.get(`/issues/${n}`)).json().state).toBe("new");

    // A macro that closes is refused the same way, and its reply is rolled back with it.
    const macro = (await as.post("/macros", { name: "Done", body: "Fixed!", actions: { state: "closed" } })).json();
    expectError(await as.post(`/issues/${n}/macros/${macro.id}/apply`, {}), 400, "validation_failed");
    expect((await as.get(`/issues/${n}/messages`)).json().items).toHaveLength(0);

    // Setting the field in the same request as closing works: fields apply before the state.
    const closed = await as.patch(`/issues/${n}`, { customFields: { root_cause: "bug" }, state: "closed" });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: "closed", customFields: { root_cause: "bug" } });

    // Clearing the field on a reopened issue blocks the next close again.
    await as.patch(`/issues/${n}`, { state: "on_you" });
    await as.patch(`/issues/${n}`, { customFields: { root_cause: null } });
    expectError(await as.patch(`/issues/${n}`, { state: "closed" }), 400, "validation_failed");
  });
});
