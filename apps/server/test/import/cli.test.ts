// `switchboard import csv|zendesk` through the CLI's entry point, in this process against the test
// database: accounts, contacts and issues from CSV through a mapping file, a bad row reported with
// its line, a re-run updating instead of duplicating; and a Zendesk import from the stand-in.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { accounts, contacts, importSkips, workspaces } from "../../src/db/schema";
import { importCommand } from "../../src/importCli";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { fillHelpDesk } from "./fixtures";
import { ZendeskStandin } from "./standin";
import { countIssues, issueNumberOf } from "./support";

const app = useTestApp();
let ws: TestWorkspace;
let dir: string;
let domain: string;
const db = () => app().services.database.db;
// The CLI closes what it opened; here it borrows the test app's services.
const open = async () => ({ ...app().services, close: async () => {} });
const cli = (...argv: string[]) => importCommand(open, [...argv, "--workspace", domain], "usage");

beforeAll(async () => {
  ws = await buildWorkspace(app());
  const [row] = await db().select().from(workspaces).where(eq(workspaces.id, ws.workspaceId));
  domain = row?.domain ?? "";
  dir = await mkdtemp(join(tmpdir(), "sb-import-"));
});

async function file(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe("switchboard import csv", () => {
  it("imports accounts, contacts and issues through mapping files, reporting a bad row by its line", async () => {
    const accountsCsv = await file(
      "accounts.csv",
      'Id,Company,Web domains,Plan\nA1,Umbrella Corp,umbrella.example,Enterprise\nA2,"Soylent, Inc.",soylent.example,SMB\n',
    );
    const accountMap = await file(
      "accounts.json",
      JSON.stringify({ externalId: "Id", name: "Company", domains: "Web domains", tier: "Plan" }),
    );
    expect(await cli("csv", "--type", "accounts", "--file", accountsCsv, "--mapping", accountMap)).toBe(0);
    const contactsCsv = await file(
      "contacts.csv",
      "ref,full name,mail,company\nC1,Rita Reyes,rita@umbrella.example,A1\n",
    );
    const contactMap = await file(
      "contacts.json",
      JSON.stringify({ externalId: "ref", name: "full name", email: "mail", account: "company" }),
    );
    expect(await cli("csv", "--type", "contacts", "--file", contactsCsv, "--mapping", contactMap)).toBe(0);
    const issuesCsv = await file(
      "issues.csv",
      [
        "key,subject,from,opened,status,details",
        "T-1,Cannot export,rita@umbrella.example,2024-02-01T09:00:00Z,open,The export button does nothing.",
        "T-2,Bad date,rita@umbrella.example,someday,open,x",
        "T-3,Refund please,sam@soylent.example,2024-02-02T09:00:00Z,solved,Charged twice.",
      ].join("\n"),
    );
    const issueMap = await file(
      "issues.json",
      JSON.stringify({
        externalId: "key",
        title: "subject",
        requesterEmail: "from",
        createdAt: "opened",
        state: "status",
        body: "details",
      }),
    );
    expect(await cli("csv", "--type", "issues", "--file", issuesCsv, "--mapping", issueMap)).toBe(0);

    const [umbrella] = await db()
      .select()
      .from(accounts)
      .where(and(eq(accounts.workspaceId, ws.workspaceId), eq(accounts.name, "Umbrella Corp")));
    expect(umbrella).toMatchObject({ domains: ["umbrella.example"], tier: "Enterprise" });
    const [rita] = await db().select().from(contacts).where(eq(contacts.email, "rita@umbrella.example"));
    expect(rita?.accountId).toBe(umbrella?.id);
    expect(await countIssues(app(), ws.workspaceId)).toBe(2);
    const skips = await db().select().from(importSkips).where(eq(importSkips.workspaceId, ws.workspaceId));
    expect(skips.map((s) => [s.externalId, s.reason])).toEqual([["T-2", 'line 3: "someday" is not a date']]);
    const number = await issueNumberOf(app(), ws.workspaceId, "T-3");
    const issue = (await api(app(), ws.admin).get(`/issues/${number}`)).json();
    expect(issue).toMatchObject({ state: "closed", createdAt: "2024-02-02T09:00:00.000Z" });

    // Again, with one title changed: updated, not duplicated.
    const changed = await file(
      "issues.csv",
      "key,subject,from,opened,status,details\nT-1,Cannot export to CSV,rita@umbrella.example,2024-02-01T09:00:00Z,open,The export button does nothing.\n",
    );
    expect(await cli("csv", "--type", "issues", "--file", changed, "--mapping", issueMap)).toBe(0);
    expect(await countIssues(app(), ws.workspaceId)).toBe(2);
    const t1 = await issueNumberOf(app(), ws.workspaceId, "T-1");
    expect((await api(app(), ws.admin).get(`/issues/${t1}`)).json().title).toBe("Cannot export to CSV");
  });

  it("refuses a mapping that does not fit the file, naming the problems", async () => {
    const csv = await file("bad.csv", "a,b\n1,2\n");
    const mapping = await file("bad.json", JSON.stringify({ externalId: "a", color: "b" }));
    const errors: string[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((line: string) => void errors.push(line));
    expect(await cli("csv", "--type", "accounts", "--file", csv, "--mapping", mapping)).toBe(1);
    spy.mockRestore();
    expect(errors.join("\n")).toMatch(/unknown field "color".*"name" is required/);
  });
});

describe("switchboard import zendesk", () => {
  const zd = new ZendeskStandin();
  beforeAll(async () => {
    await zd.start();
    fillHelpDesk(zd);
  });
  afterAll(async () => {
    await zd.close();
  });

  it("imports from a base URL with an API token and reports the skipped records", async () => {
    const code = await cli("zendesk", "--base-url", zd.url, "--email", zd.email, "--token", zd.token);
    expect(code).toBe(0);
    expect(await issueNumberOf(app(), ws.workspaceId, 1000)).toBeGreaterThan(0);
    const wrong = await cli("zendesk", "--base-url", zd.url, "--email", zd.email, "--token", "wrong");
    expect(wrong).toBe(1);
  });
});
