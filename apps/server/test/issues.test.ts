import { describe, expect, it } from "vitest";
import { openIssue } from "../src/commands/issues";
import { replyToIssue } from "../src/commands/messages";
import { api, buildWorkspace, useTestApp } from "./harness";

const app = useTestApp();

describe("issues over the API", () => {
  it("opens an issue, replies publicly and moves it to On Customer", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const created = await as.post("/issues", { title: "Cannot log in", body: "Help" });
    expect(created.statusCode).toBe(201);
    const number = created.json().number as number;
    const reply = await as.post(`/issues/${number}/messages`, { body: "Looking into it" });
    expect(reply.statusCode).toBe(201);
    const issue = (await as.get(`/issues/${number}`)).json();
    expect(issue.state).toBe("on_customer");
    expect(issue.firstResponseAt).not.toBeNull();
  });

  it("keeps a reply recorded with its channel's id once, and answers a repeat with the stored one", async () => {
    const ws = await buildWorkspace(app());
    const issue = await ws.run((ctx) =>
      openIssue(ctx, { title: "Export fails", channel: "email", threadKey: "<export@x.test>" }),
    );
    // A reply already sent from the mailbox, recorded by its Message-ID (no channel given: the issue's).
    const record = () =>
      ws.run((ctx) =>
        replyToIssue(ctx, issue.number, {
          visibility: "public",
          bodyText: "Sent from the mailbox",
          inbound: true,
          externalId: "<reply-1@x.test>",
        }),
      );
    const first = await record();
    const again = await record();
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id, channel: "email" } });
    const messages = (await api(app(), ws.admin).get(`/issues/${issue.number}/messages`)).json().items;
    expect(messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(["Sent from the mailbox"]);
  });
});
