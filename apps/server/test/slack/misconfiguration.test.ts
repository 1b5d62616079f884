import { describe, expect, it, vi } from "vitest";
import { slackEnvironmentSummary } from "../../src/channels/slack/connect";
import { useTestApp } from "../harness";
import { useSlackWorld } from "./fixture";

// Misconfiguration says so, and Slack and email treat what they cannot store alike.
const { app, slack, world } = useSlackWorld();
const halfConfigured = useTestApp({ SLACK_SIGNING_SECRET: "env-secret-without-token" });

describe("a half-configured Slack app", () => {
  it("is named at start-up and in the refusal of every correctly signed event", async () => {
    expect(slackEnvironmentSummary({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: undefined })).toEqual({
      complete: false,
      line: expect.stringContaining("SLACK_BOT_TOKEN is missing"),
    });
    expect(slackEnvironmentSummary({ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb" }).complete).toBe(true);

    const body = JSON.stringify(slack.envelope({ type: "message", channel: "C1", user: "U1", text: "hi", ts: "1.1" }));
    const res = await halfConfigured().http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: {
        "content-type": "application/json",
        ...slack.signedHeaders(body, { secret: "env-secret-without-token" }),
      },
      payload: body,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.message).toMatch(/SLACK_SIGNING_SECRET is set but SLACK_BOT_TOKEN is missing/);
    // A request signed with some other secret is still just a bad signature.
    const forged = await halfConfigured().http.inject({
      method: "POST",
      url: "/hooks/slack/events",
      headers: { "content-type": "application/json", ...slack.signedHeaders(body, { secret: "other" }) },
      payload: body,
    });
    expect(forged.json().error.message).toMatch(/No Slack app is connected/);
  });
});

describe("inbound that is too long or cannot be ingested", () => {
  it("truncates a Slack message over 100,000 characters with a note, as email does", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const text = `Long log follows ${"x".repeat(150_000)}`;
    await world().say(channel, casey.id, text);
    const issue = (await world().issues()).find((i) => i.title.startsWith("Long log follows"));
    if (!issue) throw new Error("no issue for the long message");
    const [message] = await world().messages(issue.number);
    expect(message?.bodyText).toHaveLength(100_000);
    expect(message?.bodyText.endsWith("[… message truncated by Switchboard]")).toBe(true);
    expect((await world().as.get("/quarantine")).json().items).toEqual([]);
  });

  it("logs a warning for every quarantined delivery", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const res = await app().http.inject({
        method: "POST",
        url: "/api/v1/inboxes/inbound-mime",
        headers: {
          cookie: world().ws.admin.cookie,
          "x-csrf-token": world().ws.admin.csrfToken,
          "content-type": "message/rfc822",
        },
        payload: "From: lee@customer.test\r\nTo: nobody@unknown-inbox.test\r\nSubject: Lost\r\n\r\nHello\r\n",
      });
      expect(res.json()).toMatchObject({ outcomes: [{ kind: "quarantined" }] });
      const lines = warn.mock.calls.map((args) => String(args[0]));
      expect(lines.filter((l) => l.startsWith("[quarantine] email delivery quarantined"))).toHaveLength(1);
    } finally {
      warn.mockRestore();
    }
  });
});
