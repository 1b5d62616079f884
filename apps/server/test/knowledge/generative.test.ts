// The copilot's generative path against a stand-in OpenAI-compatible server: the retrieved
// articles and similar resolved issues' answers (the extractive path's sources) go out as numbered
// sources in a chat-completions request, and citations of anything else — a source number it was not given, a link to an internal article — are removed, logged
// with the decision, and never reach the agent.
import type { CopilotResult, KbArticle } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerSays } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { type Respond, startOpenAiStandIn } from "../routing/openaiStandIn";

const env: Record<string, string> = { OPENAI_API_KEY: "sk-test", OPENAI_MODEL: "writer-model" };
let standIn: Awaited<ReturnType<typeof startOpenAiStandIn>> | undefined;
let answer: (sourcesInPrompt: string) => { status: number; content?: string } = () => ({ status: 500 });
const respond: Respond = (request) => answer(request.messages.find((m) => m.role === "system")?.content ?? "");

beforeAll(async () => {
  standIn = await startOpenAiStandIn(respond);
  env.OPENAI_BASE_URL = standIn.url;
});
afterAll(async () => {
  await standIn?.close();
});
const app = useTestApp(env);

let ws: TestWorkspace;
let sso: KbArticle;
let runbook: KbArticle;
const as = () => api(app(), ws.admin);

async function article(body: Record<string, unknown>) {
  const res = await as().post("/kb/articles", { status: "published", ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as KbArticle;
}
async function draftFor(question: string, title = "SSO broken") {
  const issue = (await as().post("/issues", { title })).json() as { number: number };
  await customerSays(ws, issue.number, question);
  const res = await as().post(`/issues/${issue.number}/copilot/draft`);
  expect(res.statusCode, res.body).toBe(200);
  const decisions = (await as().get(`/issues/${issue.number}/decisions`)).json().items as {
    kind: string;
    provider: string;
    input: { refusedCitations?: string[] };
  }[];
  return { draft: res.json() as CopilotResult, decision: decisions.find((d) => d.kind === "draft") };
}

beforeAll(async () => {
  ws = await buildWorkspace(app());
  sso = await article({
    title: "Reconnect SSO after rotating your Okta certificate",
    visibility: "public",
    body: "When Okta rotates its signing certificate, sign-in fails.\n\n## Steps\n\n1. Upload the new certificate.\n2. Sign in again.",
  });
  runbook = await article({
    title: "Okta certificate escalation runbook",
    visibility: "internal",
    body: "Escalate Okta certificate failures to the identity on-call.",
  });
});

describe("generative copilot drafts", { timeout: 60_000 }, () => {
  it("sends the retrieved public articles as numbered sources and strips citations of anything else", async () => {
    answer = (system) => {
      const given = [...system.matchAll(/^\[(\d+)\] /gm)].length;
      return {
        status: 200,
        content:
          `Hi Pat, upload the new certificate in Settings [1]. ` +
          `Our on-call can also help [${given + 1}], see [the runbook](/help/x/articles/${runbook.slug}).`,
      };
    };
    const { draft, decision } = await draftFor("Okta rotated the SSO certificate and sign-in fails.");

    const request = standIn?.requests.at(-1);
    expect(request?.model).toBe("writer-model");
    const system = request?.messages.find((m) => m.role === "system")?.content ?? "";
    expect(system).toContain(`[1] ${sso.title}`);
    expect(system).not.toContain(runbook.title);
    expect(request?.messages.find((m) => m.role === "user")?.content).toContain("sign-in fails");

    expect(draft.provider).toBe("openai-compatible:writer-model");
    expect(draft.text).toContain("upload the new certificate in Settings [1]");
    expect(draft.text).not.toMatch(/\[[2-9]\]/);
    expect(draft.text).not.toContain(runbook.slug);
    expect(draft.citations.map((c) => c.id)).toEqual([sso.id]);
    // The agent is told what was removed, and so is the decision.
    expect(draft.refusedCitations).toHaveLength(2);
    expect(draft.refusedCitations).toEqual(expect.arrayContaining([expect.stringContaining(runbook.slug)]));
    expect(decision?.provider).toBe("openai-compatible:writer-model");
    expect(decision?.input.refusedCitations).toEqual(
      expect.arrayContaining([expect.stringContaining(runbook.slug), expect.stringMatching(/^\[\d+\]$/)]),
    );
  });

  it("refuses an answer citing none of its sources and drafts offline instead", async () => {
    answer = () => ({ status: 200, content: "Escalate this to the identity on-call [9]." });
    const { draft, decision } = await draftFor("Okta rotated the SSO certificate and sign-in fails.");
    expect(draft.provider).toBe("local (fallback)");
    expect(draft.citations[0]?.id).toBe(sso.id);
    expect(draft.text).not.toContain("on-call");
    expect(decision?.input.refusedCitations).toEqual(["[9]"]);
    expect(draft.refusedCitations).toEqual(["[9]"]);
  });

  it("sends similar resolved issues' answers as sources too, and cites them by message", async () => {
    const solved = (await as().post("/issues", { title: "Okta metadata URL changed" })).json() as { number: number };
    await customerSays(ws, solved.number, "Okta gave us a new metadata URL and SSO sign-in fails since.");
    const body = "Paste the new Okta metadata URL under Settings → SSO and save; sign-in works again at once.";
    expect(
      (await as().post(`/issues/${solved.number}/messages`, { body, visibility: "public" })).statusCode,
    ).toBeLessThan(300);
    expect((await as().patch(`/issues/${solved.number}`, { state: "closed" })).statusCode).toBe(200);
    const messages = (await as().get(`/issues/${solved.number}/messages`)).json().items as {
      id: string;
      bodyText: string;
    }[];
    const answerId = messages.find((m) => m.bodyText.startsWith("Paste the new Okta"))?.id;
    expect(answerId).toBeDefined();

    let cite = 0;
    answer = (system) => {
      cite = Number(/^\[(\d+)\] Issue #/m.exec(system)?.[1] ?? 0);
      const given = [...system.matchAll(/^\[(\d+)\] /gm)].length;
      return {
        status: 200,
        content: `Paste the new metadata URL under Settings → SSO [${cite}], as on [issue ${solved.number}](/issues/${solved.number}). Or ask on-call [${given + 1}].`,
      };
    };
    const { draft, decision } = await draftFor(
      "Okta changed our SSO metadata URL and sign-in fails.",
      "Okta metadata URL changed",
    );

    const system = standIn?.requests.at(-1)?.messages.find((m) => m.role === "system")?.content ?? "";
    expect(system).toContain(`Issue #${solved.number}: Okta metadata URL changed`);
    expect(system).toContain(body);
    expect(cite).toBeGreaterThan(0);
    expect(draft.provider).toBe("openai-compatible:writer-model");
    const message = draft.citations.find((c) => c.kind === "message");
    expect(message).toMatchObject({
      id: answerId,
      title: `Issue #${solved.number}: Okta metadata URL changed`,
      url: null,
    });
    expect(draft.text).toContain(`Settings → SSO [${message?.n}]`);
    expect(draft.text).not.toContain(`/issues/${solved.number}`);
    expect(draft.refusedCitations).toEqual([`link /issues/${solved.number}`, expect.stringMatching(/^\[\d+\]$/)]);
    expect(decision?.input.refusedCitations).toEqual(draft.refusedCitations);
  });

  it("drafts offline when the provider fails", async () => {
    answer = () => ({ status: 500 });
    const { draft } = await draftFor("Okta rotated the SSO certificate and sign-in fails.");
    expect(draft.provider).toBe("local (fallback)");
    expect(draft.reason).toContain("AI provider failed");
    expect(draft.citations[0]?.id).toBe(sso.id);
    expect(draft.refusedCitations).toEqual([]);
  });
});
