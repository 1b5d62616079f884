// A CSV file uploaded on Settings → Import, through the API the page uses: its columns and first
// rows previewed with a suggested mapping, a mapping that does not fit refused before any run
// exists, then the file imported as a background job (the run the CLI makes) with its progress,
// counts and skipped rows with their lines; the file dropped once the run finished; a second
// upload updating instead of duplicating.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { importRuns } from "../../src/db/schema";
import { addPerson, expectError } from "../foundation/support";
import { api, buildWorkspace, useTestApp } from "../harness";
import { countIssues, issueNumberOf, skippedOf, waitForRun } from "./support";

const app = useTestApp();

const ISSUES = [
  "External ID,Title,Requester email,Opened,Status,Details",
  "T-1,Cannot export,rita@umbrella.example,2024-02-01T09:00:00Z,open,The export button does nothing.",
  "T-2,Bad date,rita@umbrella.example,someday,open,x",
  '"T-3","Refund, please",sam@soylent.example,2024-02-02T09:00:00Z,solved,Charged twice.',
].join("\n");

describe("a CSV file uploaded on the settings page", () => {
  it("previews, refuses a mapping that does not fit, imports as a job with skipped rows, and updates on a second upload", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);

    const preview = await as.post("/imports/csv/preview", { csv: ISSUES });
    expect(preview.statusCode, preview.body).toBe(200);
    const head = preview.json();
    expect(head.columns).toEqual(["External ID", "Title", "Requester email", "Opened", "Status", "Details"]);
    expect(head.rows).toHaveLength(3);
    expect(head.rows[2]).toEqual([
      "T-3",
      "Refund, please",
      "sam@soylent.example",
      "2024-02-02T09:00:00Z",
      "solved",
      "Charged twice.",
    ]);
    expect(head.kinds.issues.required).toEqual(["externalId", "title", "requesterEmail"]);
    expect(head.kinds.issues.suggested).toEqual({
      externalId: "External ID",
      title: "Title",
      requesterEmail: "Requester email",
    });

    // Nothing is started for a mapping that leaves a required field out or names a missing column.
    const bad = await as.post("/imports/csv", {
      kind: "issues",
      fileName: "issues.csv",
      csv: ISSUES,
      mapping: { externalId: "External ID", title: "Subject" },
    });
    expectError(bad, 400, "validation_failed");
    expect(bad.json().error.details.problems).toEqual([
      '"requesterEmail" is required',
      'column "Subject" (for "title") is not in the file',
    ]);
    expect((await as.get("/imports")).json().items).toEqual([]);
    expectError(await as.post("/imports/csv/preview", { csv: "" }), 400, "validation_failed");

    const mapping = {
      ...head.kinds.issues.suggested,
      createdAt: "Opened",
      state: "Status",
      body: "Details",
    };
    const started = await as.post("/imports/csv", { kind: "issues", fileName: "issues.csv", csv: ISSUES, mapping });
    expect(started.statusCode, started.body).toBe(201);
    expect(started.json()).toMatchObject({ source: "csv", from: "issues.csv", status: "queued" });
    const run = await waitForRun(as, started.json().id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.processed).toBe(3);
    expect(run.counts.issue).toEqual({ created: 2, updated: 0, skipped: 1 });
    expect((await skippedOf(as, run.id)).map((s) => [s.externalId, s.reason])).toEqual([
      ["T-2", 'line 3: "someday" is not a date'],
    ]);
    const refund = (await as.get(`/issues/${await issueNumberOf(app(), ws.workspaceId, "T-3")}`)).json();
    expect(refund).toMatchObject({ title: "Refund, please", state: "closed", createdAt: "2024-02-02T09:00:00.000Z" });
    // The file was needed only while the run read it.
    const [stored] = await app().services.database.db.select().from(importRuns).where(eq(importRuns.id, run.id));
    expect(stored?.upload).toBeNull();

    const changed = ISSUES.replace("Cannot export,", "Cannot export to CSV,");
    const again = await as.post("/imports/csv", { kind: "issues", fileName: "issues.csv", csv: changed, mapping });
    expect(again.statusCode, again.body).toBe(201);
    const rerun = await waitForRun(as, again.json().id);
    expect(rerun.counts.issue).toEqual({ created: 0, updated: 2, skipped: 1 });
    expect(await countIssues(app(), ws.workspaceId)).toBe(2);
    const t1 = (await as.get(`/issues/${await issueNumberOf(app(), ws.workspaceId, "T-1")}`)).json();
    expect(t1.title).toBe("Cannot export to CSV");
  });

  it("names the line of a row our commands refuse, as it does for a row that does not parse", async () => {
    const ws = await buildWorkspace(app());
    const as = api(app(), ws.admin);
    const field = await as.post("/custom-fields", {
      object: "issue",
      key: "category",
      label: "Category",
      type: "select",
      options: ["Bug", "Question"],
      requiredOnClose: true,
    });
    expect(field.statusCode, field.body).toBe(201);
    const mapping = {
      externalId: "External ID",
      title: "Title",
      requesterEmail: "Requester email",
      createdAt: "Opened",
      state: "Status",
    };
    const started = await as.post("/imports/csv", { kind: "issues", fileName: "issues.csv", csv: ISSUES, mapping });
    expect(started.statusCode, started.body).toBe(201);
    const run = await waitForRun(as, started.json().id);
    expect(run.status, run.error ?? "").toBe("succeeded");
    expect(run.counts.issue).toEqual({ created: 1, updated: 0, skipped: 2 });
    const skipped = (await skippedOf(as, run.id)).map((s) => [s.externalId, s.reason]);
    expect(skipped.sort()).toEqual([
      ["T-2", 'line 3: "someday" is not a date'],
      ["T-3", "line 4: Set Category before closing this issue."],
    ]);
  });

  it("is for admins: a member may neither preview nor import", async () => {
    const ws = await buildWorkspace(app());
    const member = api(app(), await addPerson(app(), ws, "member"));
    expectError(await member.post("/imports/csv/preview", { csv: "a,b\n1,2" }), 403, "forbidden");
    expectError(
      await member.post("/imports/csv", {
        kind: "accounts",
        fileName: "a.csv",
        csv: "a,b\n1,2",
        mapping: { externalId: "a", name: "b" },
      }),
      403,
      "forbidden",
    );
  });
});
