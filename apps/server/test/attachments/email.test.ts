// An agent's files, uploaded for a reply (POST /issues/:n/attachments) and sent with it
// (attachmentIds): checked by their bytes at upload, carried by the email reply as real MIME
// parts, once even when the mail server made us try again; a note's files never leave.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  buildMailWorkspace,
  eventually,
  issueTitled,
  type MailWorkspace,
  messagesOf,
  type Sink,
  send,
  startSink,
  useEmailApp,
} from "../email/support";
import { expectError } from "../foundation/support";
import { api, unique } from "../harness";
import { PDF, upload } from "./support";

let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});
const app = useEmailApp(() => ({ SMTP_URL: sink.url }));
let ws: MailWorkspace;
const as = () => api(app().app, ws.admin);
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

async function customerIssue(title: string) {
  const subject = unique(title);
  await send(app().smtp, { from: "Jo Customer <jo@customer.test>", to: ws.billing, subject, text: "Please help." });
  const [issue] = await issueTitled(app().app, ws, subject);
  if (!issue) throw new Error("no issue");
  return { number: issue.number, subject };
}

const mailsAbout = (subject: string) => sink.received.filter((m) => m.parsed.subject?.includes(subject));

describe("uploading a file for a reply", () => {
  it("judges a file by its bytes: HTML dressed as a PDF, an empty file and an unknown kind are refused in words", async () => {
    const { number } = await customerIssue("Upload checks");
    const refuse = async (filename: string, content: Buffer, contentType: string, words: string) => {
      const res = await as().post(`/issues/${number}/attachments`, {
        filename,
        contentType,
        dataBase64: content.toString("base64"),
      });
      expectError(res, 400, "validation_failed");
      expect(res.json().error.message).toContain(words);
    };
    await refuse("invoice.pdf", Buffer.from("<html><script>alert(1)</script></html>"), "application/pdf", "not a kind");
    await refuse("empty.txt", Buffer.alloc(0), "text/plain", "is empty");
    await refuse("tool.exe", Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), "application/x-msdownload", "not a kind");
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x41);
    await refuse("huge.txt", big, "text/plain", "larger than 10 MB");
    const ok = await upload(as(), number, "notes.txt", Buffer.from("plain words"), "text/markdown");
    expect(ok).toMatchObject({ filename: "notes.txt", contentType: "text/plain", size: 11 });
    expectError(
      await as().post(`/issues/999999/attachments`, { filename: "x.pdf", dataBase64: PDF.toString("base64") }),
      404,
      "not_found",
    );
  });

  it("sends a file with one message only, and only on the issue it was uploaded to", async () => {
    const one = await customerIssue("First issue");
    const two = await customerIssue("Second issue");
    const file = await upload(as(), one.number, "terms.pdf", PDF);
    const elsewhere = await as().post(`/issues/${two.number}/messages`, { body: "x", attachmentIds: [file.id] });
    expectError(elsewhere, 404, "not_found");
    const first = await as().post(`/issues/${one.number}/messages`, {
      visibility: "internal",
      body: "",
      attachmentIds: [file.id],
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().attachments).toEqual([expect.objectContaining({ id: file.id, filename: "terms.pdf" })]);
    const again = await as().post(`/issues/${one.number}/messages`, { body: "again", attachmentIds: [file.id] });
    expectError(again, 400, "validation_failed");
  });
});

describe("an agent's files on an email issue", () => {
  it("goes out as MIME attachments of the reply, with the sniffed type and the same bytes", async () => {
    const { number, subject } = await customerIssue("Corrected invoice");
    const pdf = await upload(as(), number, "invoice-0042.pdf", PDF, "application/octet-stream");
    const csv = await upload(as(), number, "usage.csv", Buffer.from("day,calls\n1,20\n"), "text/csv");
    const res = await as().post(`/issues/${number}/messages`, {
      body: "Attached, corrected.",
      attachmentIds: [pdf.id, csv.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const mail = await eventually(async () => mailsAbout(subject)[0]);
    expect(mail.parsed.text).toContain("Attached, corrected.");
    expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType, a.content.toString("latin1")])).toEqual([
      ["invoice-0042.pdf", "application/pdf", PDF.toString("latin1")],
      ["usage.csv", "text/plain", "day,calls\n1,20\n"],
    ]);
  });

  it("attaches each file once when the mail server asked us to try again", async () => {
    const { number, subject } = await customerIssue("Retry with a file");
    const pdf = await upload(as(), number, "statement.pdf", PDF);
    sink.failNext(1);
    const before = sink.busyAnswers();
    await as().post(`/issues/${number}/messages`, { body: "Your statement.", attachmentIds: [pdf.id] });
    const sent = await eventually(async () => {
      const messages = await messagesOf(app().app, ws, number);
      return messages.find((m) => m.bodyText === "Your statement." && m.deliveryStatus === "sent");
    }, 60_000);
    expect(sent.attachments.map((a) => a.filename)).toEqual(["statement.pdf"]);
    expect(sink.busyAnswers() - before).toBe(1);
    const mails = mailsAbout(subject);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.parsed.attachments.map((a) => a.filename)).toEqual(["statement.pdf"]);
  });

  it("never mails an internal note's files to the customer", async () => {
    const { number, subject } = await customerIssue("Note with a file");
    const file = await upload(as(), number, "ledger.pdf", PDF);
    await as().post(`/issues/${number}/messages`, { visibility: "internal", body: "ledger", attachmentIds: [file.id] });
    await as().post(`/issues/${number}/messages`, { body: "We are looking into it." });
    const mail = await eventually(async () => mailsAbout(subject)[0]);
    expect(mail.parsed.text).toContain("We are looking into it.");
    expect(mail.parsed.attachments).toEqual([]);
    expect(sink.received.flatMap((m) => m.parsed.attachments.map((a) => a.filename))).not.toContain("ledger.pdf");
  });
});
