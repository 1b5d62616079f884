// Shared arrangement for Slack tests: a workspace connected to the stand-in, a customer account
// with a mapped shared channel, and helpers to deliver signed events and read results via the API.

import { randomBytes } from "node:crypto";
import type { SlackChannel } from "@switchboard/api";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { createAccount } from "../../src/commands/customers";
import type { JobName } from "../../src/jobCatalog";
import { api, buildWorkspace, type TestApp, type TestWorkspace, unique, useTestApp } from "../harness";
import { nextTs, SlackStandin } from "./standin";

export const SLACK_JOBS: JobName[] = ["slack.event", "slack.sync", "message.deliver"];

export interface SlackWorld {
  ws: TestWorkspace;
  as: ReturnType<typeof api>;
  /** Posts a raw body to a Slack hook, signed as Slack would (or not, per options). */
  post(
    path: "/hooks/slack/events" | "/hooks/slack/interactivity" | "/hooks/slack/interactions",
    body: string,
    options?: Parameters<SlackStandin["signedHeaders"]>[1],
    contentType?: string,
  ): Promise<LightMyRequestResponse>;
  /** Delivers an event and waits until its job has run. */
  deliver(event: Record<string, unknown>, eventId?: string): Promise<void>;
  idle(): Promise<void>;
  /** Slack issues of the workspace, newest first. */
  issues(): Promise<
    {
      number: number;
      title: string;
      state: string;
      firstResponseAt: string | null;
      account: { id: string } | null;
      requester: { name: string } | null;
    }[]
  >;
  messages(number: number): Promise<
    {
      id: string;
      authorType: string;
      bodyText: string;
      editedAt: string | null;
      deletedAt: string | null;
      attachments: { filename: string }[];
      author: { name: string } | null;
      deliveryStatus: string | null;
      deliveryError: string | null;
      deliveryFix: string | null;
    }[]
  >;
  events(number: number): Promise<{ type: string; data: Record<string, unknown> }[]>;
  /** A mapped shared channel for a new customer account; returns ids. */
  customerChannel(options?: {
    mode?: "all" | "reaction";
  }): Promise<{ channel: string; accountId: string; accountName: string }>;
  /** A customer (external Slack user) in the stand-in. */
  customer(name?: string): { id: string; name: string; email: string };
  /** A top-level customer message event; returns its ts. */
  say(channel: string, user: string, text: string, extra?: Record<string, unknown>): Promise<string>;
}

/**
 * A test file's Slack arrangement: the product (`app()`), a stand-in started before the file's tests
 * and closed after them, and a workspace connected to it (`world()`, ready once `beforeAll` ran).
 */
export function useSlackWorld(): { app: () => TestApp; slack: SlackStandin; world: () => SlackWorld } {
  const app = useTestApp();
  const slack = new SlackStandin();
  let connected: SlackWorld | undefined;
  beforeAll(async () => {
    await slack.start();
    connected = await connectWorld(app(), slack);
  });
  afterAll(() => slack.close());
  const world = (): SlackWorld => {
    if (!connected) throw new Error("the Slack world is connected in beforeAll");
    return connected;
  };
  return { app, slack, world };
}

export async function connectWorld(app: TestApp, slack: SlackStandin): Promise<SlackWorld> {
  const ws = await buildWorkspace(app);
  const as = api(app, ws.admin);
  const connected = await as.put("/slack/connection", {
    botToken: slack.botToken,
    signingSecret: slack.signingSecret,
    apiUrl: slack.url,
  });
  if (connected.statusCode !== 200) throw new Error(`connect failed: ${connected.body}`);
  // Generous: a 429's Retry-After plus pg-boss's retry delay, on a machine busy with other tests
  // (the 15 s default ran out once in a full run). Waiting longer asserts nothing about speed.
  const idle = () => app.services.jobs.idle(SLACK_JOBS, 25_000);

  const post: SlackWorld["post"] = (path, body, options, contentType = "application/json") =>
    app.http.inject({
      method: "POST",
      url: path,
      headers: { "content-type": contentType, ...slack.signedHeaders(body, options) },
      payload: body,
    });

  const world: SlackWorld = {
    ws,
    as,
    post,
    idle,
    async deliver(event, eventId) {
      const res = await post("/hooks/slack/events", JSON.stringify(slack.envelope(event, eventId)));
      if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
      await idle();
    },
    async issues() {
      return (await as.get("/issues?channel=slack&limit=200")).json().items;
    },
    async messages(number) {
      return (await as.get(`/issues/${number}/messages`)).json().items;
    },
    async events(number) {
      return (await as.get(`/issues/${number}/events`)).json().items;
    },
    async customerChannel(options = {}) {
      const accountName = `Acme ${randomBytes(3).toString("hex")}`;
      const account = await ws.run((ctx) => createAccount(ctx, { name: accountName }));
      const channel = `C${randomBytes(4).toString("hex").toUpperCase()}`;
      slack.addChannel({
        id: channel,
        name: `ext-${accountName.toLowerCase().replace(/\s+/g, "-")}`,
        is_ext_shared: true,
      });
      await as.post("/slack/channels/sync");
      const listed = (await as.get("/slack/channels")).json().items as SlackChannel[];
      const row = listed.find((c) => c.slackChannelId === channel);
      if (!row) throw new Error("channel not listed after sync");
      const mapped = await as.patch(`/slack/channels/${row.id}`, {
        accountId: account.id,
        mode: options.mode ?? "all",
      });
      if (mapped.statusCode !== 200) throw new Error(`map failed: ${mapped.body}`);
      return { channel, accountId: account.id, accountName };
    },
    customer(name = "Casey Customer") {
      const id = `U${randomBytes(4).toString("hex").toUpperCase()}`;
      const email = `${unique("casey")}@customer.example`;
      slack.addUser({ id, name, email, teamId: "TCUSTOMER" });
      return { id, name, email };
    },
    async say(channel, user, text, extra = {}) {
      const ts = nextTs();
      slack.addMessage(channel, { ts, user, text, ...(extra.thread_ts ? { thread_ts: String(extra.thread_ts) } : {}) });
      await world.deliver({ type: "message", channel, channel_type: "channel", user, text, ts, ...extra });
      return ts;
    },
  };
  return world;
}
