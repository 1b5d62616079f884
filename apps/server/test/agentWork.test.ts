import { describe, expect, it } from "vitest";
import { createContact } from "../src/commands/customers";
import { api, buildWorkspace, logIn, useTestApp } from "./harness";

const app = useTestApp();

describe("macros", () => {
  it("replies with the contact's first name and applies the macro's actions", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const contact = await ws.run((ctx) => createContact(ctx, { name: "Maria Lopez", email: "maria@acme.test" }));
    const issue = (await as.post("/issues", { title: "Can we meet?", requesterContactId: contact.id })).json();
    const macro = await as.post("/macros", {
      name: "Meeting request",
      body: "Hi {{contact.first_name}}, grab a slot: https://cal.example/{{agent.first_name}}",
      actions: { state: "on_hold", addTags: ["meeting"] },
    });
    expect(macro.statusCode, macro.body).toBe(201);

    const preview = (await as.get(`/issues/${issue.number}/macros/${macro.json().id}/preview`)).json();
    expect(preview.body).toBe("Hi Maria, grab a slot: https://cal.example/Admin");

    const applied = await as.post(`/issues/${issue.number}/macros/${macro.json().id}/apply`, {});
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().state).toBe("on_hold");
    expect(applied.json().tags).toEqual(["meeting"]);
    const messages = (await as.get(`/issues/${issue.number}/messages`)).json().items;
    expect(messages.at(-1).bodyText).toBe(preview.body);
    expect(messages.at(-1).visibility).toBe("public");
  });

  it("refuses a template with an unknown variable", async () => {
    const ws = await buildWorkspace(app());
    const res = await api(app(), ws.admin).post("/macros", { name: "typo", body: "Hi {{contact.frist_name}}" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.unknown).toEqual(["contact.frist_name"]);
  });
});

describe("mentions", () => {
  it("notifies a colleague mentioned in an internal note, and not the author", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const dana = await as.post("/users", {
      email: `dana@${ws.workspaceId}.test`,
      name: "Dana Kim",
      password: "password123",
    });
    expect(dana.statusCode, dana.body).toBe(201);
    const issue = (await as.post("/issues", { title: "Weird export" })).json();
    await as.post(`/issues/${issue.number}/messages`, {
      visibility: "internal",
      body: "@dana is this the bug from last week? @admin",
    });

    const danaSession = await logIn(app(), `dana@${ws.workspaceId}.test`, "password123");
    const inbox = (await api(app(), danaSession).get("/notifications")).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0].kind).toBe("mention");
    expect(inbox.items[0].data.issueNumber).toBe(issue.number);
    expect((await as.get("/notifications")).json().unread).toBe(0);

    const read = await api(app(), danaSession).post("/notifications/read", { ids: "all" });
    expect(read.json().marked).toBe(1);
  });
});
