// A similar resolved issue's accepted answer is a draft source: the draft cites the agent's reply
// on the closed issue (a real message id), and the decision records which issues it drew on.
import type { CopilotResult } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSays } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
const as = () => api(app(), ws.admin);

beforeAll(async () => {
  ws = await buildWorkspace(app(), unique("resolved"));
});

describe("draft from similar resolved issues", { timeout: 60_000 }, () => {
  it("cites the answer that resolved a similar issue when no article matches", async () => {
    const solved = (await as().post("/issues", { title: "CSV export times out" })).json() as { number: number };
    await customerSays(ws, solved.number, "Our CSV export of the whole workspace times out after a minute.");
    const reply = await as().post(`/issues/${solved.number}/messages`, {
      body: "Large CSV exports run in the background: choose Export → Email me the file, and the link arrives within ten minutes.",
      visibility: "public",
    });
    expect(reply.statusCode, reply.body).toBeLessThan(300);
    expect((await as().patch(`/issues/${solved.number}`, { state: "closed" })).statusCode).toBe(200);
    const answerId = (
      (await as().get(`/issues/${solved.number}/messages`)).json().items as { id: string; bodyText: string }[]
    )
      .filter((m) => m.bodyText.startsWith("Large CSV exports"))
      .map((m) => m.id)[0];
    expect(answerId).toBeDefined();

    const open = (await as().post("/issues", { title: "Export keeps timing out" })).json() as { number: number };
    await customerSays(ws, open.number, "The CSV export of our workspace times out every time. Is there another way?");
    const res = await as().post(`/issues/${open.number}/copilot/draft`);
    expect(res.statusCode, res.body).toBe(200);
    const draft = res.json() as CopilotResult;
    const cited = draft.citations.find((c) => c.kind === "message");
    expect(cited).toMatchObject({ id: answerId, title: `Issue #${solved.number}: CSV export times out`, url: null });
    expect(draft.text).toContain(`Email me the file, and the link arrives within ten minutes. [${cited?.n}]`);
    expect(draft.reason).toContain(`issue #${solved.number}`);

    // An open issue's replies are not "accepted answers": the solved one alone is a source.
    const decisions = (await as().get(`/issues/${open.number}/decisions`)).json().items as {
      kind: string;
      input: { resolvedIssues?: { number: number; messageId: string }[] };
    }[];
    const stored = decisions.find((d) => d.kind === "draft");
    expect(stored?.input.resolvedIssues).toEqual([{ number: solved.number, messageId: answerId }]);
  });
});
