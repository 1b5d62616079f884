import { describe, expect, it } from "vitest";
import { useSlackWorld } from "./fixture";

const { slack, world } = useSlackWorld();

const issueTitled = async (title: string) => (await world().issues()).filter((i) => i.title === title);
const react = (channel: string, ts: string, reaction = "ticket", user = "UAGENT") =>
  world().deliver({ type: "reaction_added", user, reaction, item: { type: "message", channel, ts } });

describe("which Slack messages become issues", () => {
  it("in a reaction-mode channel, opens an issue only for a message marked with :ticket:", async () => {
    const { channel } = await world().customerChannel({ mode: "reaction" });
    const casey = world().customer("Casey Reacts");
    const chatter = await world().say(channel, casey.id, "Thanks for the demo yesterday!");
    const ask = await world().say(channel, casey.id, "Can we get the audit log export?");
    expect(await issueTitled("Can we get the audit log export?")).toEqual([]);
    await react(channel, chatter, "heart");
    await react(channel, ask);
    expect(await issueTitled("Thanks for the demo yesterday!")).toEqual([]);
    const [issue] = await issueTitled("Can we get the audit log export?");
    expect(issue?.requester?.name).toBe("Casey Reacts");
    // Once it is an issue, the thread's replies join it.
    await world().say(channel, casey.id, "For all workspaces please", { thread_ts: ask });
    expect((await world().messages(issue?.number ?? 0)).map((m) => m.bodyText)).toEqual([
      "Can we get the audit log export?",
      "For all workspaces please",
    ]);
    // Marking it again does not open a second issue.
    await react(channel, ask, "ticket", "UOTHER");
    expect(await issueTitled("Can we get the audit log export?")).toHaveLength(1);
  });

  it("opens an issue from the “Create issue” message shortcut", async () => {
    const { channel } = await world().customerChannel({ mode: "reaction" });
    const casey = world().customer();
    const ts = await world().say(channel, casey.id, "SAML login loops forever");
    const payload = {
      type: "message_action",
      callback_id: "create_issue",
      trigger_id: `trig-${ts}`,
      team: { id: slack.teamId },
      api_app_id: slack.appId,
      channel: { id: channel, name: "ext-customer" },
      user: { id: "UAGENT" },
      message_ts: ts,
      message: { type: "message", user: casey.id, text: "SAML login loops forever", ts },
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const res = await world().post("/hooks/slack/interactivity", body, {}, "application/x-www-form-urlencoded");
    expect(res.statusCode).toBe(200);
    await world().idle();
    expect(await issueTitled("SAML login loops forever")).toHaveLength(1);
    const forged = await world().post(
      "/hooks/slack/interactivity",
      body,
      { secret: "wrong" },
      "application/x-www-form-urlencoded",
    );
    expect(forged.statusCode).toBe(401);
  });

  it("splits a thread reply marked with :ticket: into its own issue, answered in the same thread", async () => {
    const { channel } = await world().customerChannel();
    const casey = world().customer();
    const root = await world().say(channel, casey.id, "Question about seats");
    const reply = await world().say(channel, casey.id, "Also, unrelated: the API returns 500s", { thread_ts: root });
    await react(channel, reply);
    const [parent] = await issueTitled("Question about seats");
    const [split] = await issueTitled("Also, unrelated: the API returns 500s");
    expect(split).toBeDefined();
    expect(await world().messages(parent?.number ?? 0)).toHaveLength(2);
    const parentEvents = await world().events(parent?.number ?? 0);
    expect(parentEvents.find((e) => e.type === "reaction")?.data).toMatchObject({
      split: true,
      intoIssueNumber: split?.number,
    });
    await world().as.post(`/issues/${split?.number}/messages`, { body: "Looking at the 500s." });
    await world().idle();
    const posted = (slack.messages.get(channel) ?? []).filter((m) => m.bot_id);
    expect(posted).toEqual([expect.objectContaining({ thread_ts: root, text: "Looking at the 500s." })]);
  });

  it("never opens an issue for a reply under a message that is not one", async () => {
    const { channel } = await world().customerChannel({ mode: "reaction" });
    const casey = world().customer();
    const root = await world().say(channel, casey.id, "Just chatting");
    await world().say(channel, casey.id, "a reply in a thread that is not an issue", { thread_ts: root });
    expect(await issueTitled("a reply in a thread that is not an issue")).toEqual([]);
  });
});
