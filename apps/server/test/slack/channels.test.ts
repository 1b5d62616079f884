import type { SlackChannel } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureSlackFromEnv } from "../../src/channels/slack/connect";
import { createAccount } from "../../src/commands/customers";
import { api, buildWorkspace, unique, useTestApp } from "../harness";
import { connectWorld, type SlackWorld } from "./fixture";
import { nextTs, SlackStandin } from "./standin";

const app = useTestApp();
const slack = new SlackStandin();
let world: SlackWorld;
let hightouchId = "";

type ListedChannel = SlackChannel;
const listed = async (query = "") => (await world.as.get(`/slack/channels${query}`)).json().items as ListedChannel[];

beforeAll(async () => {
  await slack.start();
  slack.addTeam({ id: "THT", name: "Hightouch", domain: "hightouch", email_domain: "hightouch.com" });
  slack.addChannel({
    id: "CHT",
    name: "pylon-hightouch",
    is_ext_shared: true,
    connected_team_ids: [slack.teamId, "THT"],
  });
  slack.addChannel({ id: "CACME", name: "shared-acme-corp", is_ext_shared: true });
  slack.addChannel({ id: "CGEN", name: "general" });
  slack.addChannel({ id: "CNOTIN", name: "random", is_member: false });
  world = await connectWorld(app(), slack);
});
afterAll(() => slack.close());

describe("Slack channels and their accounts", () => {
  it("lists the channels the bot is in, all unmapped at first", async () => {
    const channels = await listed();
    expect(channels.map((c) => c.name).sort()).toEqual(["general", "pylon-hightouch", "shared-acme-corp"]);
    expect(channels.every((c) => !c.mapped && c.account === null)).toBe(true);
    expect(channels.find((c) => c.slackChannelId === "CHT")?.isExtShared).toBe(true);
  });

  it("suggests the account from the Slack Connect team's domain and from the channel name", async () => {
    const hightouch = await world.ws.run((ctx) =>
      createAccount(ctx, { name: "Hightouch", domains: ["hightouch.com"] }),
    );
    hightouchId = hightouch.id;
    const acme = await world.ws.run((ctx) => createAccount(ctx, { name: "Acme Corp" }));
    await world.as.post("/slack/channels/sync");
    await world.idle();
    const channels = await listed();
    expect(channels.find((c) => c.slackChannelId === "CHT")?.suggestion).toMatchObject({
      accountId: hightouch.id,
      basis: "domain",
    });
    expect(channels.find((c) => c.slackChannelId === "CACME")?.suggestion).toMatchObject({
      accountId: acme.id,
      basis: "name",
    });
    expect(channels.find((c) => c.slackChannelId === "CGEN")?.suggestion).toBeNull();
  });

  it("maps a channel to an account, and lists mapped and unmapped apart", async () => {
    const row = (await listed()).find((c) => c.slackChannelId === "CHT");
    const res = await world.as.patch(`/slack/channels/${row?.id}`, { accountId: hightouchId });
    expect(res.statusCode).toBe(200);
    expect((await listed("?status=mapped")).map((c) => c.slackChannelId)).toEqual(["CHT"]);
    expect((await listed("?status=unmapped")).map((c) => c.slackChannelId).sort()).toEqual(["CACME", "CGEN"]);
    const [first] = await listed();
    expect(first?.mapped).toBe(false);
  });

  it("refuses to map a channel to an unknown account", async () => {
    const row = (await listed()).find((c) => c.slackChannelId === "CGEN");
    const res = await world.as.patch(`/slack/channels/${row?.id}`, {
      accountId: "00000000-0000-4000-8000-000000000000",
    });
    expect(res.statusCode).toBe(404);
  });

  it("keeps a message in an unmapped channel out of the inbox but shows the channel as unmapped", async () => {
    slack.addChannel({ id: "CNEW", name: "ext-newco", is_ext_shared: true });
    const casey = world.customer();
    await world.deliver({ type: "message", channel: "CNEW", user: casey.id, text: "Hello from NewCo", ts: nextTs() });
    expect((await world.issues()).filter((i) => i.title === "Hello from NewCo")).toEqual([]);
    expect((await listed("?status=unmapped")).map((c) => c.slackChannelId)).toContain("CNEW");
  });

  it("keeps the list current when the bot joins, a channel is shared or renamed", async () => {
    slack.addChannel({ id: "CJOIN", name: "ext-joined" });
    await world.deliver({ type: "member_joined_channel", user: slack.botUserId, channel: "CJOIN", channel_type: "C" });
    expect((await listed()).find((c) => c.slackChannelId === "CJOIN")?.isExtShared).toBe(false);
    slack.addChannel({ id: "CJOIN", name: "ext-joined", is_ext_shared: true });
    await world.deliver({ type: "channel_shared", connected_team_id: "THT", channel: "CJOIN" });
    expect((await listed()).find((c) => c.slackChannelId === "CJOIN")?.isExtShared).toBe(true);
    await world.deliver({ type: "channel_rename", channel: { id: "CJOIN", name: "ext-renamed", created: 1 } });
    expect((await listed()).find((c) => c.slackChannelId === "CJOIN")?.name).toBe("ext-renamed");
  });

  it("shows the connection without its secrets", async () => {
    const res = await world.as.get("/slack/connection");
    expect(res.json()).toMatchObject({
      connected: true,
      teamId: slack.teamId,
      botUserId: slack.botUserId,
      issueEmoji: "ticket",
    });
    expect(res.body).not.toContain(slack.signingSecret);
    expect(res.body).not.toContain(slack.botToken);
  });

  it("connects a workspace from SLACK_BOT_TOKEN / SLACK_SIGNING_SECRET / SLACK_API_URL at start", async () => {
    const demoSlack = await new SlackStandin().start();
    try {
      const name = unique("demo");
      const demo = await buildWorkspace(app(), name);
      const services = app().services;
      const config = {
        ...services.config,
        SLACK_BOT_TOKEN: demoSlack.botToken,
        SLACK_SIGNING_SECRET: demoSlack.signingSecret,
        SLACK_API_URL: demoSlack.url,
      };
      expect(await configureSlackFromEnv({ ...services, config }, `${name}.test`)).toBe(true);
      const connection = (await api(app(), demo.admin).get("/slack/connection")).json();
      expect(connection).toMatchObject({ connected: true, teamId: demoSlack.teamId, botUserId: demoSlack.botUserId });
      const body = JSON.stringify({ type: "url_verification", challenge: "demo" });
      const res = await app().http.inject({
        method: "POST",
        url: "/hooks/slack/events",
        headers: { "content-type": "application/json", ...demoSlack.signedHeaders(body) },
        payload: body,
      });
      expect(res.json()).toEqual({ challenge: "demo" });
      await services.jobs.idle(["slack.sync"]);
    } finally {
      await demoSlack.close();
    }
  });
});
