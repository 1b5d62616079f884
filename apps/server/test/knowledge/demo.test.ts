// The copilot on the demo workspace: its seeded articles are on the help center, and a draft for
// a demo issue cites a published article that exists and that agents can open.
import type { CopilotResult, Issue, KbArticle, Page } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemoContent } from "../../src/seed/demoContent";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
let domain: string;

beforeAll(async () => {
  const name = unique("demo");
  domain = `${name}.test`;
  ws = await buildWorkspace(app(), name);
  await seedDemoContent(app().services, {
    workspaceId: ws.workspaceId,
    run: ws.run,
    adminId: ws.adminId,
    domain,
    issues: 40,
  });
}, 300_000);

describe("knowledge base on the demo workspace", { timeout: 120_000 }, () => {
  it("publishes the seeded public articles on the help center, and keeps the runbooks internal", async () => {
    const home = await app().http.inject({ method: "GET", url: `/help/${domain}` });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("Connectors &amp; syncs");
    const search = await app().http.inject({ method: "GET", url: `/help/api/search?site=${domain}&q=runbook` });
    expect(search.json().items).toEqual([]);
  });

  it("drafts replies to demo issues that cite existing articles agents can open", async () => {
    const as = api(app(), ws.admin);
    const issues = (await as.get("/issues?limit=40")).json() as Page<Issue>;
    const support = issues.items.filter((i) => /sync|SSO|SAML|invoice|card|cron|schedule/i.test(i.title));
    expect(support.length).toBeGreaterThan(0);
    let cited = 0;
    for (const issue of support.slice(0, 5)) {
      const draft = (await as.post(`/issues/${issue.number}/copilot/draft`)).json() as CopilotResult;
      for (const c of draft.citations) {
        expect(draft.text).toContain(`[${c.n}]`);
        if (c.kind === "message") {
          // A resolved issue's accepted answer: the issue it names is one the agent can open, and closed.
          const number = Number(/^Issue #(\d+)/.exec(c.title)?.[1]);
          const resolved = await as.get(`/issues/${number}`);
          expect(resolved.statusCode).toBe(200);
          expect((resolved.json() as Issue).state).toBe("closed");
          continue;
        }
        const article = await as.get(`/kb/articles/${c.id}`);
        expect(article.statusCode).toBe(200);
        expect((article.json() as KbArticle).status).toBe("published");
        cited++;
      }
    }
    expect(cited).toBeGreaterThan(0);
  });
});
