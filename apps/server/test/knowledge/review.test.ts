// The weekly knowledge review: gaps shared out to agents and filtered by assignee and week,
// dismissed in bulk, and an article generated from resolved issues an agent picks (not only from
// a gap), citing them.
import type { KbArticle, KnowledgeGapGroup } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { addPerson, customerSays, expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
const as = () => api(app(), ws.admin);
const gapIds = (groups: KnowledgeGapGroup[]) => groups.flatMap((g) => g.gaps.map((x) => x.id));

async function resolvedIssue(title: string, question: string, answer: string) {
  const issue = (await as().post("/issues", { title })).json() as { number: number };
  await customerSays(ws, issue.number, question);
  expect((await as().post(`/issues/${issue.number}/messages`, { body: answer })).statusCode).toBe(201);
  const closed = await as().patch(`/issues/${issue.number}`, { state: "closed" });
  expect(closed.statusCode, closed.body).toBe(200);
  return issue.number;
}

beforeAll(async () => {
  ws = await buildWorkspace(app());
});

describe("weekly knowledge review", { timeout: 60_000 }, () => {
  it("assigns gaps to an agent, filters by assignee and week, and dismisses in bulk", async () => {
    const sam = await addPerson(app(), ws, "member", "Sam");
    const samId = sam.userId;
    for (const q of ["How do I rotate an API key?", "Can I rotate API keys?", "Where are invoices?"]) {
      expect((await as().post("/knowledge-gaps", { question: q })).statusCode).toBe(201);
    }
    const all = (await as().get("/knowledge-gaps?status=open")).json().items as KnowledgeGapGroup[];
    const keys = all.find((g) => g.count === 2);
    expect(keys).toBeDefined();
    const assigned = await as().post("/knowledge-gaps/assign", { ids: gapIds(keys ? [keys] : []), assigneeId: samId });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const samsGaps = (await as().get(`/knowledge-gaps?assigneeId=${samId}`)).json().items as KnowledgeGapGroup[];
    expect(samsGaps).toHaveLength(1);
    expect(samsGaps[0]?.gaps.every((g) => g.assigneeId === samId)).toBe(true);

    const monday = new Date();
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const thisWeek = monday.toISOString().slice(0, 10);
    const lastWeek = new Date(monday.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);
    expect(gapIds((await as().get(`/knowledge-gaps?week=${thisWeek}`)).json().items)).toHaveLength(3);
    expect((await as().get(`/knowledge-gaps?week=${lastWeek}`)).json().items).toEqual([]);

    expect((await as().post("/knowledge-gaps/status", { ids: gapIds(all), status: "dismissed" })).statusCode).toBe(200);
    expect((await as().get("/knowledge-gaps?status=open")).json().items).toEqual([]);

    const other = await buildWorkspace(app());
    const stranger = other.admin.userId;
    expectError(
      await as().post("/knowledge-gaps/assign", { ids: gapIds(all), assigneeId: stranger }),
      404,
      "not_found",
    );
    expectError(
      await api(app(), other.admin).post("/knowledge-gaps/assign", { ids: gapIds(all), assigneeId: null }),
      404,
      "not_found",
    );
  });

  it("generates a draft article from resolved issues an agent picks, citing them", async () => {
    const one = await resolvedIssue(
      "Rotate an API key",
      "How do I rotate our API key?",
      "Open Settings → API and click Rotate. The old key keeps working for 24 hours.",
    );
    const two = await resolvedIssue(
      "API key rotation",
      "Is there a way to replace an API key?",
      "Yes: Settings → API → Rotate, then update your integrations. Note that scripts using the old key fail after a day.",
    );
    const res = await as().post("/kb/articles/generate", { issueNumbers: [one, two], title: "Rotate an API key" });
    expect(res.statusCode, res.body).toBe(201);
    const article = res.json() as KbArticle;
    expect(article).toMatchObject({ title: "Rotate an API key", status: "draft" });
    expect(article.body).toContain("Settings → API");
    expect(article.body).toContain(`#${one}`);
    expect(article.body).toContain(`#${two}`);

    const open = (await as().post("/issues", { title: "Still open" })).json() as { number: number };
    expectError(
      await as().post("/kb/articles/generate", { issueNumbers: [one, open.number] }),
      400,
      "validation_failed",
    );
    const other = await buildWorkspace(app());
    expectError(await api(app(), other.admin).post("/kb/articles/generate", { issueNumbers: [one] }), 404, "not_found");
  });
});
