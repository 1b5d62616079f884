import { describe, expect, it } from "vitest";
import { createUser } from "../../src/commands/team";
import { api, logIn } from "../harness";
import { useSlackWorld } from "./fixture";
import { nextTs } from "./standin";

const { app, slack, world } = useSlackWorld();

/** A customer's new thread in a mapped channel, already an issue. */
async function openThread(text = "Our sync is failing") {
  const { channel, accountId } = await world().customerChannel();
  const casey = world().customer("Casey Jones");
  const ts = await world().say(channel, casey.id, text);
  const issue = (await world().issues()).find((i) => i.title === text);
  if (!issue) throw new Error("no issue opened");
  return { channel, accountId, casey, ts, number: issue.number };
}

const botPostsIn = (channel: string) => (slack.messages.get(channel) ?? []).filter((m) => m.bot_id);

describe("a shared Slack channel as the customer's conversation", () => {
  it("opens an issue for a customer's new message, with the Slack user as requester", async () => {
    const { channel, accountId } = await world().customerChannel();
    const casey = world().customer("Casey Jones");
    await world().say(channel, casey.id, "Our sync to <https://acme.example|Salesforce> is failing");
    const [issue] = await world().issues();
    expect(issue?.title).toBe("Our sync to Salesforce (https://acme.example) is failing");
    expect(issue?.account?.id).toBe(accountId);
    expect(issue?.requester?.name).toBe("Casey Jones");
    expect(issue?.state).toBe("new");
  });

  it("adds the customer's thread replies to the same issue", async () => {
    const { channel, casey, ts, number } = await openThread("Exports are empty");
    await world().say(channel, casey.id, "Still happening this morning", { thread_ts: ts });
    const messages = await world().messages(number);
    expect(messages.map((m) => m.bodyText)).toEqual(["Exports are empty", "Still happening this morning"]);
    expect((await world().issues()).filter((i) => i.title === "Still happening this morning")).toHaveLength(0);
  });

  it("opens no issue for a post of our own people without a Switchboard account; a guest of our team is a customer", async () => {
    const { channel } = await world().customerChannel();
    const ours = (await world().as.get("/workspace")).json().domains[0] as string;
    // A member of our own Slack team, and someone of another team with an email at our domain.
    slack.addUser({ id: "UOLIVE", name: "Olive Ours", email: "olive@ourcompany.example" });
    slack.addUser({ id: "UOMAR", name: "Omar Ours", email: `omar@${ours}`, teamId: "TOTHER" });
    await world().say(channel, "UOLIVE", "Heads-up: maintenance tonight");
    await world().say(channel, "UOMAR", "Reminder: the webinar is on Friday");
    const titles = (await world().issues()).map((i: { title: string }) => i.title);
    expect(titles).not.toContain("Heads-up: maintenance tonight");
    expect(titles).not.toContain("Reminder: the webinar is on Friday");
    // A guest of our Slack team (a customer invited into the channel) is a customer.
    slack.addUser({ id: "UGUS", name: "Gus Guest", email: "gus@customer.example", guest: true });
    const ts = await world().say(channel, "UGUS", "Our exports are empty");
    const issue = (await world().issues()).find((i: { title: string }) => i.title === "Our exports are empty");
    expect(issue?.requester?.name).toBe("Gus Guest");
    // Our colleague's reply in that thread joins it, and they are nobody's customer contact.
    await world().say(channel, "UOMAR", "Looking into it", { thread_ts: ts });
    const messages = await world().messages(issue?.number ?? 0);
    expect(messages.map((m: { bodyText: string }) => m.bodyText)).toEqual(["Our exports are empty", "Looking into it"]);
    const omar = (await world().as.get(`/contacts?q=${encodeURIComponent(`omar@${ours}`)}`)).json().items;
    expect(omar).toMatchObject([{ name: "Omar Ours", accountId: null }]);
  });

  it("counts a colleague's reply in the Slack thread as the agent's first response", async () => {
    const { channel, ts, number } = await openThread("Billing question");
    const colleague = await world().ws.run((ctx) =>
      createUser(ctx, { email: `sam-${ts}@team.example`, name: "Sam Support" }),
    );
    slack.addUser({ id: "USAM", name: "Sam S.", email: colleague.email });
    await world().say(channel, "USAM", "Checking your invoice now", { thread_ts: ts });
    const messages = await world().messages(number);
    expect(messages.at(-1)).toMatchObject({ authorType: "user", author: { name: "Sam Support" } });
    const issue = (await world().as.get(`/issues/${number}`)).json();
    expect(issue.firstResponseAt).not.toBeNull();
    expect(issue.state).toBe("on_customer");
    // Their own top-level posts are not customer issues.
    const before = (await world().issues()).length;
    await world().say(channel, "USAM", "FYI: maintenance tonight");
    expect(await world().issues()).toHaveLength(before);
  });

  it("posts an agent's public reply into the customer's thread under the agent's name", async () => {
    const { channel, ts, number } = await openThread("Can you enable SSO?");
    const reply = await world().as.post(`/issues/${number}/messages`, { body: "Done — SSO is on for you." });
    expect(reply.statusCode).toBe(201);
    await world().idle();
    expect(botPostsIn(channel)).toEqual([
      expect.objectContaining({ thread_ts: ts, text: "Done — SSO is on for you.", username: "Admin" }),
    ]);
    const [, sent] = await world().messages(number);
    expect(sent?.deliveryStatus).toBe("sent");
  });

  it("never posts an internal note to Slack", async () => {
    const { channel, number } = await openThread("Is the API down?");
    await world().as.post(`/issues/${number}/messages`, { body: "Checking with eng first", visibility: "internal" });
    await world().idle();
    expect(botPostsIn(channel)).toEqual([]);
  });

  it("does not re-ingest our own posts or other bots' messages", async () => {
    const { channel, ts, number } = await openThread("Webhook retries?");
    await world().as.post(`/issues/${number}/messages`, { body: "They retry 3 times." });
    await world().idle();
    const [posted] = botPostsIn(channel);
    await world().deliver({
      type: "message",
      subtype: "bot_message",
      channel,
      bot_id: slack.botId,
      username: "Admin",
      text: posted?.text,
      ts: posted?.ts,
      thread_ts: ts,
    });
    const before = (await world().issues()).length;
    await world().deliver({
      type: "message",
      channel,
      bot_id: "BOTHER",
      user: "UOTHERBOT",
      text: "Deploy finished",
      ts: nextTs(),
    });
    expect(await world().messages(number)).toHaveLength(2);
    expect(await world().issues()).toHaveLength(before);
  });

  it("applies Slack edits and deletions, keeping the previous text in the history", async () => {
    const { channel, casey, ts, number } = await openThread("Dashbord is slow");
    const replyTs = await world().say(channel, casey.id, "Only on Mondays", { thread_ts: ts });
    await world().deliver({
      type: "message",
      subtype: "message_changed",
      channel,
      hidden: true,
      ts: nextTs(),
      message: {
        type: "message",
        user: casey.id,
        text: "Dashboard is slow",
        ts,
        edited: { user: casey.id, ts: nextTs() },
      },
      previous_message: { type: "message", user: casey.id, text: "Dashbord is slow", ts },
    });
    await world().deliver({
      type: "message",
      subtype: "message_deleted",
      channel,
      hidden: true,
      ts: nextTs(),
      deleted_ts: replyTs,
    });
    const [root, reply] = await world().messages(number);
    expect(root).toMatchObject({ bodyText: "Dashboard is slow" });
    expect(root?.editedAt).not.toBeNull();
    expect(reply?.deletedAt).not.toBeNull();
    const events = await world().events(number);
    expect(events.find((e) => e.type === "message_edited")?.data).toMatchObject({ previousText: "Dashbord is slow" });
    expect(events.find((e) => e.type === "message_deleted")?.data).toMatchObject({ previousText: "Only on Mondays" });
  });

  it("records the customer's reactions on our replies, and closes the issue on ✅", async () => {
    const { channel, casey, ts, number } = await openThread("Need a CSV export");
    await world().as.post(`/issues/${number}/messages`, { body: "Here is the export." });
    await world().idle();
    const [posted] = botPostsIn(channel);
    const item = (itemTs: string | undefined) => ({ type: "message", channel, ts: itemTs });
    await world().deliver({
      type: "reaction_added",
      user: casey.id,
      reaction: "tada",
      item: item(posted?.ts),
      item_user: slack.botUserId,
    });
    await world().deliver({
      type: "reaction_added",
      user: casey.id,
      reaction: "white_check_mark",
      item: item(ts),
      item_user: casey.id,
    });
    const reactions = (await world().events(number)).filter((e) => e.type === "reaction").map((e) => e.data);
    expect(reactions).toEqual([
      expect.objectContaining({ emoji: "tada", onAuthorType: "user", slackUserId: casey.id }),
      expect.objectContaining({ emoji: "white_check_mark", resolution: true }),
    ]);
    expect((await world().as.get(`/issues/${number}`)).json().state).toBe("closed");
  });

  it("answers a DM to the bot with a pointer to the shared channel instead of opening an issue", async () => {
    const { channel, casey } = await openThread("Hello from the channel");
    const before = (await world().issues()).length;
    await world().deliver({
      type: "message",
      channel: "D0DM1",
      channel_type: "im",
      user: casey.id,
      text: "psst, quick question",
      ts: nextTs(),
    });
    expect(await world().issues()).toHaveLength(before);
    const [pointer] = botPostsIn("D0DM1");
    expect(pointer?.text).toContain(`<#${channel}>`);
  });

  it("stores files shared in Slack as attachments of the message", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const url = slack.addFile("F1", Buffer.from("a,b\n1,2\n"), "text/csv");
    await world().say(channel, casey.id, "Here is the failing file", {
      subtype: "file_share",
      files: [{ id: "F1", name: "rows.csv", mimetype: "text/csv", size: 8, url_private: url }],
    });
    const issue = (await world().issues()).find((i) => i.title === "Here is the failing file");
    const [message] = await world().messages(issue?.number ?? 0);
    expect(message?.attachments).toEqual([expect.objectContaining({ filename: "rows.csv", size: 8 })]);
  });

  it("lets a member's reply from Switchboard go out with their own name", async () => {
    const { channel, ts, number } = await openThread("Rate limits on the API?");
    await world().ws.run((ctx) =>
      createUser(ctx, { email: `riley-${ts}@team.example`, name: "Riley Agent", password: "password123" }),
    );
    const riley = api(app(), await logIn(app(), `riley-${ts}@team.example`, "password123"));
    await riley.post(`/issues/${number}/messages`, { body: "100 requests per minute." });
    await world().idle();
    expect(botPostsIn(channel).at(-1)).toMatchObject({ username: "Riley Agent", thread_ts: ts });
  });
});
