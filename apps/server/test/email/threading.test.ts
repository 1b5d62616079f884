// Which issue a reply joins: headers first, then the reply token, never the subject text alone.
import { beforeAll, describe, expect, it } from "vitest";
import { api, unique } from "../harness";
import { buildMailWorkspace, issueTitled, type MailWorkspace, messagesOf, send, useEmailApp } from "./support";

const app = useEmailApp({ EMAIL_REOPEN_DAYS: "30" });
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

/** Opens an issue by email; returns its number and the first mail's Message-ID. */
async function openByEmail(subject = unique("Thread")) {
  const { app: t, smtp } = app();
  const messageId = `<${unique("root")}@customer.test>`;
  await send(smtp, { from: "ivy@customer.test", to: ws.support, subject, text: "First mail.", messageId });
  const [issue] = await issueTitled(t, ws, subject);
  if (!issue) throw new Error("no issue opened");
  return { issue, messageId, subject };
}

async function close(number: number) {
  const res = await api(app().app, ws.admin).patch(`/issues/${number}`, { state: "closed" });
  expect(res.statusCode).toBe(200);
}

describe("email threading", () => {
  it("threads a burst of mails and their replies sent at once over parallel connections", async () => {
    const { app: t, smtp } = app();
    const subjects = Array.from({ length: 6 }, () => unique("Burst"));
    const roots = subjects.map(() => `<${unique("burst")}@customer.test>`);
    // Each root and two replies to it go out together: a reply may be ingested before its root.
    await Promise.all(
      subjects.flatMap((subject, i) => [
        send(smtp, { from: "kim@customer.test", to: ws.support, subject, text: "Root.", messageId: roots[i] }),
        ...[1, 2].map((r) =>
          send(smtp, {
            from: "kim@customer.test",
            to: ws.support,
            subject: `Re: ${subject} #${r}`,
            text: `Reply ${r}.`,
            inReplyTo: roots[i],
            references: [roots[i] as string],
          }),
        ),
      ]),
    );
    const issues = (await api(t, ws.admin).get("/issues?channel=email&limit=200")).json() as {
      items: { number: number; title: string }[];
    };
    for (const subject of subjects) {
      const mine = issues.items.filter((i) => i.title.includes(subject));
      expect(mine).toHaveLength(1);
      expect(await messagesOf(t, ws, mine[0]?.number ?? 0)).toHaveLength(3);
    }
  });

  it("joins a reply to its issue by In-Reply-To", async () => {
    const { issue, messageId, subject } = await openByEmail();
    await send(app().smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject: `Re: ${subject} (edited)`,
      text: "More details.",
      inReplyTo: messageId,
    });
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(2);
    expect(await issueTitled(app().app, ws, `Re: ${subject} (edited)`)).toHaveLength(0);
  });

  it("joins a reply to its issue by References when In-Reply-To is unknown", async () => {
    const { issue, messageId } = await openByEmail();
    await send(app().smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject: unique("Unrelated subject"),
      text: "Via references.",
      inReplyTo: "<not-ours@elsewhere.test>",
      references: [messageId, "<not-ours@elsewhere.test>"],
    });
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(2);
  });

  it("joins a reply sent to the plus-addressed reply token", async () => {
    const { issue } = await openByEmail();
    const token = await replyTokenOf(issue.number);
    await send(app().smtp, {
      from: "ivy@customer.test",
      to: ws.support.replace("@", `+${token}@`),
      subject: unique("Fresh subject, no headers"),
      text: "By plus address.",
    });
    // The first mail, the agent's reply and this one.
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(3);
  });

  it("joins a reply by the subject token as a last resort, and ignores a forged one", async () => {
    const { issue } = await openByEmail();
    const token = await replyTokenOf(issue.number);
    await send(app().smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject: `Re: stuff [#${token}]`,
      text: "By subject token.",
    });
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(3);

    const forged = `${issue.number}-deadbeef`;
    const subject = unique(`Guess [#${forged}]`);
    await send(app().smtp, { from: "mallory@evil.test", to: ws.support, subject, text: "Guessing." });
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(3);
    expect(await issueTitled(app().app, ws, subject)).toHaveLength(1);
  });

  it("never threads by subject text alone", async () => {
    const { subject } = await openByEmail();
    await send(app().smtp, { from: "ivy@customer.test", to: ws.support, subject, text: "Same subject, new problem." });
    expect(await issueTitled(app().app, ws, subject)).toHaveLength(2);
  });

  it("reopens a closed issue when the customer replies within the window", async () => {
    const { issue, messageId } = await openByEmail();
    await close(issue.number);
    await send(app().smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject: "Re: x",
      text: "It broke again.",
      inReplyTo: messageId,
    });
    const res = await api(app().app, ws.admin).get(`/issues/${issue.number}`);
    expect(res.json()).toMatchObject({ state: "on_you" });
    expect(await messagesOf(app().app, ws, issue.number)).toHaveLength(2);
  });

  it("opens a new issue linked to the old one when the reply comes after the window", async () => {
    const { app: t, smtp } = app();
    const { issue, messageId } = await openByEmail();
    await close(issue.number);
    // Arrange: the issue was resolved 40 days ago (the window is 30).
    await t.database.query("UPDATE issue SET resolved_at = now() - interval '40 days' WHERE id = $1", [issue.id]);
    const subject = unique("Back again");
    await send(smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject,
      text: "Same thing again.",
      inReplyTo: messageId,
    });

    const old = await api(t, ws.admin).get(`/issues/${issue.number}`);
    expect(old.json()).toMatchObject({ state: "closed" });
    const [followUp] = await issueTitled(t, ws, subject);
    expect(followUp?.source).toMatchObject({ followUpOf: String(issue.number) });
    const events = (await api(t, ws.admin).get(`/issues/${issue.number}/events`)).json() as {
      items: { type: string; data: Record<string, unknown> }[];
    };
    expect(events.items.find((e) => e.type === "linked")?.data).toMatchObject({ number: followUp?.number });

    // A further reply into the old thread joins the follow-up, not a third issue.
    await send(smtp, {
      from: "ivy@customer.test",
      to: ws.support,
      subject: "Re: again",
      text: "Still.",
      inReplyTo: messageId,
    });
    expect(await messagesOf(t, ws, followUp?.number ?? 0)).toHaveLength(2);
  });
});

/** The token our outbound replies carry, read from the outbox after an agent reply. */
async function replyTokenOf(number: number): Promise<string> {
  const { app: t } = app();
  const admin = api(t, ws.admin);
  const res = await admin.post(`/issues/${number}/messages`, { body: "Looking into it." });
  expect(res.statusCode).toBe(201);
  await t.services.jobs.idle(["message.deliver"]);
  const outbox = (await admin.get("/outbox")).json() as {
    items: { subject: string; headers: Record<string, string> }[];
  };
  const entry = outbox.items.find((o) => o.subject.includes(`[#${number}-`));
  const token = entry?.headers["Reply-To"]?.match(/\+([^@]+)@/)?.[1];
  if (!token) throw new Error("no reply token in the outbox");
  return token;
}
