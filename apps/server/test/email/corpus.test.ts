// The hostile-mail corpus (corpus/*.eml, written by corpus/generate.py) fed over one SMTP
// listener: it survives every message, each ends as an issue, a duplicate or recorded noise,
// and a normal mail afterwards still works.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { api, unique } from "../harness";
import {
  buildMailWorkspace,
  emailIssues,
  issueTitled,
  type MailWorkspace,
  messagesOf,
  send,
  useEmailApp,
} from "./support";

const CORPUS = path.join(import.meta.dirname, "corpus");
const expected = JSON.parse(fs.readFileSync(path.join(CORPUS, "expected.json"), "utf8")) as Record<string, string>;
const files = fs
  .readdirSync(CORPUS)
  .filter((f) => f.endsWith(".eml"))
  .sort();

const app = useEmailApp();
let ws: MailWorkspace;
beforeAll(async () => {
  ws = await buildMailWorkspace(app().app);
});

const markerOf = (name: string) => new RegExp(`corpus-${name.slice(0, 3)}\\b`);

describe("hostile mail corpus", () => {
  it("has at least 40 cases, each with an expectation", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
    for (const file of files) expect(expected[file.replace(/\.eml$/, "")]).toBeDefined();
  });

  it("survives every message over SMTP and ingests, dedupes or records each", { timeout: 240_000 }, async () => {
    const { app: t, smtp } = app();
    for (const file of files) {
      // latin1 round-trips arbitrary bytes, so only the placeholder changes.
      const raw = Buffer.from(
        fs.readFileSync(path.join(CORPUS, file)).toString("latin1").replaceAll("{{INBOX}}", ws.support),
        "latin1",
      );
      const info = await send(smtp, { envelope: { from: "corpus@sender.test", to: [ws.support] }, raw });
      expect(info.response, file).toMatch(/^250/);
    }

    const issues = await emailIssues(t, ws);
    const quarantine = (
      (await api(t, ws.admin).get("/quarantine")).json() as {
        items: { reason: string; status: string; meta: Record<string, unknown> }[];
      }
    ).items;
    const issueFor = (name: string) =>
      issues.filter((i) => markerOf(name).test(i.title) || markerOf(name).test(i.requester?.name ?? ""));
    const joins = (name: string) => Object.values(expected).filter((e) => e === `joins:${name.slice(0, 3)}`).length;

    for (const [name, expectation] of Object.entries(expected)) {
      const [kind, target] = expectation.split(":");
      if (kind === "issue") {
        const found = issueFor(name);
        expect(found, name).toHaveLength(1);
        expect(await messagesOf(t, ws, found[0]?.number ?? 0), name).toHaveLength(1 + joins(name));
      } else if (kind === "duplicate" || kind === "joins") {
        expect(issueFor(name), name).toHaveLength(0);
        expect(
          issues.filter((i) => markerOf(target ?? "").test(i.title)),
          name,
        ).toHaveLength(1);
      } else if (kind === "noise") {
        expect(issueFor(name), name).toHaveLength(0);
        const entry = quarantine.find((q) => markerOf(name).test(String(q.meta.subject ?? "")));
        expect(entry, name).toMatchObject({ status: "discarded", meta: { kind: "noise" } });
      }
    }
    expect(quarantine.filter((q) => q.status === "pending")).toEqual([]);

    // Hostile content was neutralised on the way in.
    const [hostile] = issueFor("c32");
    const [html] = await messagesOf(t, ws, hostile?.number ?? 0);
    expect(html?.bodyHtml).not.toMatch(/<script|<iframe|onerror|javascript:|track\.test|<style/);
    const [traversal] = issueFor("c31");
    const [withFile] = await messagesOf(t, ws, traversal?.number ?? 0);
    expect(withFile?.attachments[0]?.filename).not.toContain("/");
    const [lying] = issueFor("c30");
    expect((await messagesOf(t, ws, lying?.number ?? 0))[0]?.attachments[0]?.contentType).toBe(
      "application/octet-stream",
    );

    // …and the listener still takes normal mail.
    const subject = unique("After the storm");
    await send(smtp, { from: "normal@customer.test", to: ws.support, subject, text: "All good?" });
    expect(await issueTitled(t, ws, subject)).toHaveLength(1);
  });
});
