// Setting Slack up from the app: the manifest to create the app with, and the connection panel's
// test, which checks the bot token with auth.test and the signing secret against what Slack sent,
// and says exactly which of the two is wrong.
import type { SlackConnectionTest, SlackManifest } from "@switchboard/api";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { sealLegacySlackSecrets } from "../../src/channels/slack/secrets";
import { executeRaw } from "../../src/db/raw";
import { api, buildWorkspace, useTestApp } from "../harness";
import { SlackStandin } from "./standin";

// Each test its own Slack app (team, token, secret): a request must match only its connection.
let slack = new SlackStandin();
const standins: SlackStandin[] = [];
beforeEach(async () => {
  slack = await new SlackStandin().start();
  standins.push(slack);
});
afterAll(async () => {
  for (const s of standins) await s.close();
});
const app = useTestApp({ PUBLIC_URL: "https://support.acme.test/" });

async function connected(signingSecret = slack.signingSecret) {
  const ws = await buildWorkspace(app());
  const as = api(app(), ws.admin);
  const res = await as.put("/slack/connection", { botToken: slack.botToken, signingSecret, apiUrl: slack.url });
  expect(res.statusCode).toBe(200);
  return as;
}

const deliver = (body: string, secret = slack.signingSecret) =>
  app().http.inject({
    method: "POST",
    url: "/hooks/slack/events",
    headers: { "content-type": "application/json", ...slack.signedHeaders(body, { secret }) },
    payload: body,
  });

const test = async (as: ReturnType<typeof api>) => {
  const res = await as.post("/slack/connection/test");
  expect(res.statusCode).toBe(200);
  return res.json() as SlackConnectionTest;
};

describe("Slack set-up in the app", () => {
  it("offers a manifest with the scopes, events and both webhook URLs under PUBLIC_URL", async () => {
    const as = api(app(), (await buildWorkspace(app())).admin);
    const res = await as.get("/slack/manifest");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-disposition"]).toContain("switchboard-slack-manifest.json");
    const manifest = res.json() as SlackManifest;
    expect(manifest.settings.event_subscriptions.request_url).toBe("https://support.acme.test/hooks/slack/events");
    expect(manifest.settings.interactivity.request_url).toBe("https://support.acme.test/hooks/slack/interactivity");
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["chat:write", "channels:history", "reactions:read", "users:read.email"]),
    );
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining(["message.channels", "reaction_added", "channel_shared"]),
    );
    expect(manifest.features.shortcuts[0]?.callback_id).toBe("create_issue");
  });

  it("before Slack has sent anything: the token is checked, the secret awaits a signed request", async () => {
    const as = await connected();
    const result = await test(as);
    expect(result.token).toMatchObject({ ok: true, teamId: slack.teamId, botUserId: slack.botUserId, error: null });
    expect(result.signingSecret.status).toBe("unknown");
    expect(result.signingSecret.message).toContain("https://support.acme.test/hooks/slack/events");
  });

  it("a signed url_verification proves the signing secret", async () => {
    const as = await connected();
    const res = await deliver(JSON.stringify({ type: "url_verification", challenge: "abc", token: "x" }));
    expect(res.statusCode).toBe(200);
    const result = await test(as);
    expect(result.signingSecret.status).toBe("verified");
    expect(result.signingSecret.lastVerifiedAt).not.toBeNull();
  });

  it("says the signing secret is wrong when Slack's requests for this app do not match it", async () => {
    const as = await connected("not-the-apps-signing-secret");
    const res = await deliver(
      JSON.stringify(slack.envelope({ type: "message", channel: "C1", text: "hi", ts: "1.1" })),
    );
    expect(res.statusCode).toBe(401);
    const result = await test(as);
    expect(result.token.ok).toBe(true);
    expect(result.signingSecret.status).toBe("failing");
    expect(result.signingSecret.message).toMatch(/Signing Secret/);

    // Pasting the right secret starts afresh; the next signed request verifies it.
    await as.put("/slack/connection", {
      botToken: slack.botToken,
      signingSecret: slack.signingSecret,
      apiUrl: slack.url,
    });
    expect((await test(as)).signingSecret.status).toBe("unknown");
    const ok = await deliver(
      JSON.stringify(slack.envelope({ type: "channel_rename", channel: { id: "C1", name: "x" } })),
    );
    expect(ok.statusCode).toBe(200);
    expect((await test(as)).signingSecret.status).toBe("verified");
  });

  it("says the token is wrong when Slack refuses it, with what to do", async () => {
    const as = await connected();
    slack.failNext("auth.test", "token_revoked");
    const result = await test(as);
    expect(result.token).toMatchObject({ ok: false, error: "token_revoked" });
    expect(result.token.message).toMatch(/Reinstall the app/);
  });

  it("refuses a bot token Slack does not know when connecting, and names it", async () => {
    const as = api(app(), (await buildWorkspace(app())).admin);
    const res = await as.put("/slack/connection", {
      botToken: "xoxb-wrong-token",
      signingSecret: slack.signingSecret,
      apiUrl: slack.url,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/bot token/);
  });

  it("stores the bot token and signing secret sealed, never answers them, and seals a connection stored in plain", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const put = await as.put("/slack/connection", {
      botToken: slack.botToken,
      signingSecret: slack.signingSecret,
      apiUrl: slack.url,
    });
    for (const res of [put, await as.get("/slack/connection"), await as.post("/slack/connection/test")]) {
      expect(res.body).not.toContain(slack.botToken);
      expect(res.body).not.toContain(slack.signingSecret);
    }
    const stored = async () =>
      (
        await executeRaw(
          app().services.database.db,
          "SELECT bot_token_sealed AS token, signing_secret_sealed AS secret FROM slack_connection WHERE workspace_id = $1",
          [ws.workspaceId],
        )
      ).rows[0] as { token: string; secret: string };
    const sealed = await stored();
    expect(sealed.token).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(sealed.secret).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(JSON.stringify(sealed)).not.toContain(slack.botToken);
    expect(JSON.stringify(sealed)).not.toContain(slack.signingSecret);

    // The secret verified a request; saving the connection again with the same secret keeps that.
    expect((await deliver(JSON.stringify({ type: "url_verification", challenge: "c" }))).statusCode).toBe(200);
    await as.put("/slack/connection", {
      botToken: slack.botToken,
      signingSecret: slack.signingSecret,
      apiUrl: slack.url,
    });
    expect((await test(as)).signingSecret.status).toBe("verified");

    // A connection stored before sealing (plain values) still works, and is sealed at start.
    await executeRaw(
      app().services.database.db,
      "UPDATE slack_connection SET bot_token_sealed = $2, signing_secret_sealed = $3 WHERE workspace_id = $1",
      [ws.workspaceId, slack.botToken, slack.signingSecret],
    );
    expect((await test(as)).token.ok).toBe(true);
    expect((await deliver(JSON.stringify({ type: "url_verification", challenge: "d" }))).json()).toEqual({
      challenge: "d",
    });
    expect(await sealLegacySlackSecrets(app().services)).toBeGreaterThanOrEqual(2);
    expect(await stored()).toMatchObject({
      token: expect.stringMatching(/^v1:/),
      secret: expect.stringMatching(/^v1:/),
    });
    expect((await test(as)).token.ok).toBe(true);
  });
});
