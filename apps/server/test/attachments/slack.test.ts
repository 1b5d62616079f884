// An agent's files on a Slack issue: uploaded through the API, sent with the reply, shared in the
// customer's thread the way Slack's uploadV2 does it — once, even when a retry follows a lost answer.

import { describe, expect, it } from "vitest";
import { useSlackWorld } from "../slack/fixture";
import { PDF, upload } from "./support";

const { slack, world } = useSlackWorld();

async function openThread(text: string) {
  const { channel } = await world().customerChannel();
  const casey = world().customer("Casey Jones");
  const ts = await world().say(channel, casey.id, text);
  const issue = (await world().issues()).find((i) => i.title === text);
  if (!issue) throw new Error("no issue opened");
  return { channel, ts, number: issue.number };
}

const sharesIn = (channel: string) => (slack.messages.get(channel) ?? []).filter((m) => m.files?.length);

describe("an agent's files on a Slack issue", () => {
  it("shares the reply's files in the customer's thread after its text, through the upload URL", async () => {
    const { channel, ts, number } = await openThread("Which invoice is wrong?");
    const pdf = await upload(world().as, number, "invoice-0042.pdf", PDF);
    const log = await upload(world().as, number, "sync.log", Buffer.from("12:00 sync failed\n"), "text/plain");
    const res = await world().as.post(`/issues/${number}/messages`, {
      body: "Here is the corrected invoice and our log.",
      attachmentIds: [pdf.id, log.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    await world().idle();
    const [text] = (slack.messages.get(channel) ?? []).filter(
      (m) => m.text === "Here is the corrected invoice and our log.",
    );
    expect(text?.thread_ts).toBe(ts);
    const [share, ...more] = sharesIn(channel);
    expect(more).toEqual([]);
    expect(share?.thread_ts).toBe(ts);
    expect(share?.files?.map((f) => f.title)).toEqual(["invoice-0042.pdf", "sync.log"]);
    expect(Number(share?.ts)).toBeGreaterThan(Number(text?.ts));
    // The bytes Slack received are the file's, sniffed types aside.
    const ids = share?.files?.map((f) => f.id) ?? [];
    expect(ids.map((id) => slack.uploads.get(id)?.content)).toEqual([PDF, Buffer.from("12:00 sync failed\n")]);
    const urls = slack.accepted("files.getUploadURLExternal");
    expect(urls.slice(-2).map((a) => [a.filename, Number(a.length)])).toEqual([
      ["invoice-0042.pdf", PDF.length],
      ["sync.log", 18],
    ]);
    expect(slack.accepted("files.completeUploadExternal").at(-1)).toMatchObject({ channel_id: channel, thread_ts: ts });
    const [, reply] = await world().messages(number);
    expect(reply?.deliveryStatus).toBe("sent");
    expect(reply?.attachments.map((a) => a.filename)).toEqual(["invoice-0042.pdf", "sync.log"]);
  });

  it("shares the files once when Slack took the share but its answer was lost, and posts the text once", async () => {
    const { channel, number } = await openThread("Send me the export please");
    const file = await upload(world().as, number, "export.pdf", PDF);
    const before = slack.accepted("files.getUploadURLExternal").length;
    slack.dropNext("files.completeUploadExternal");
    const res = await world().as.post(`/issues/${number}/messages`, { body: "Attached.", attachmentIds: [file.id] });
    expect(res.statusCode, res.body).toBe(201);
    await world().idle();
    expect((slack.messages.get(channel) ?? []).filter((m) => m.text === "Attached.")).toHaveLength(1);
    expect(sharesIn(channel)).toHaveLength(1);
    // The retry found the share in the thread: nothing uploaded or shared a second time.
    expect(slack.accepted("files.getUploadURLExternal").length - before).toBe(1);
    expect(
      slack.calls.filter((c) => c.method === "files.completeUploadExternal" && c.args.channel_id === channel),
    ).toHaveLength(1);
    const [, reply] = await world().messages(number);
    expect(reply?.deliveryStatus).toBe("sent");
  });

  it("uploads nothing again when the share failed, and shares the same upload on the retry", async () => {
    const { channel, number } = await openThread("Where is the report?");
    const file = await upload(world().as, number, "report.pdf", PDF);
    const before = slack.accepted("files.getUploadURLExternal").length;
    slack.failNext("files.completeUploadExternal", "internal_error");
    await world().as.post(`/issues/${number}/messages`, { body: "The report.", attachmentIds: [file.id] });
    await world().idle();
    expect((slack.messages.get(channel) ?? []).filter((m) => m.text === "The report.")).toHaveLength(1);
    expect(sharesIn(channel)).toHaveLength(1);
    expect(slack.accepted("files.getUploadURLExternal").length - before).toBe(1);
    expect((await world().messages(number))[1]?.deliveryStatus).toBe("sent");
  });

  it("never shares an internal note's files in Slack", async () => {
    const { channel, number } = await openThread("Is this a bug?");
    const file = await upload(world().as, number, "internal.pdf", PDF);
    const before = slack.calls.length;
    const res = await world().as.post(`/issues/${number}/messages`, {
      visibility: "internal",
      body: "Our analysis",
      attachmentIds: [file.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    await world().idle();
    expect(sharesIn(channel)).toEqual([]);
    expect(slack.calls.slice(before).filter((c) => c.method.startsWith("files.") || c.method === "upload")).toEqual([]);
  });
});
