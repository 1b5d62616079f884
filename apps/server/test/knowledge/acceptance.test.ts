// Acceptance of the copilot: every draft is an AI decision citing its sources, and the reply the
// agent then sends judges it — sent as drafted, edited, or discarded — into the figure the
// knowledge-gaps page shows.
import type { CopilotAcceptance, CopilotResult } from "@switchboard/api";
import { beforeAll, describe, expect, it } from "vitest";
import { customerSays } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";

const app = useTestApp();
let ws: TestWorkspace;
const as = () => api(app(), ws.admin);

async function issueAsking(question: string) {
  const issue = (await as().post("/issues", { title: "Sign-in fails" })).json() as { number: number };
  await customerSays(ws, issue.number, question);
  return issue.number;
}
async function draft(number: number) {
  const res = await as().post(`/issues/${number}/copilot/draft`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as CopilotResult;
}
async function send(number: number, body: string) {
  const res = await as().post(`/issues/${number}/messages`, { body });
  expect(res.statusCode, res.body).toBe(201);
}
const acceptance = async () => (await as().get("/copilot/acceptance?days=7")).json() as CopilotAcceptance;

beforeAll(async () => {
  ws = await buildWorkspace(app());
  const res = await as().post("/kb/articles", {
    title: "Reconnect SSO after rotating your Okta certificate",
    status: "published",
    visibility: "public",
    body: "When Okta rotates its signing certificate, sign-in fails.\n\n## Steps\n\n1. Upload the new Okta certificate under Settings → Security.\n2. Ask users to sign in again.",
  });
  expect(res.statusCode, res.body).toBe(201);
});

describe("copilot acceptance", { timeout: 60_000 }, () => {
  it("stores each draft as a decision with its sources and judges it by the reply sent", async () => {
    expect(await acceptance()).toMatchObject({ drafts: 0, acceptanceRate: null });

    const asIs = await issueAsking("Our Okta SSO sign-in fails since the certificate rotation.");
    const first = await draft(asIs);
    const decisions = (await as().get(`/issues/${asIs}/decisions`)).json().items as {
      id: string;
      kind: string;
      output: { sources: { id: string }[] };
    }[];
    const stored = decisions.find((d) => d.id === first.decisionId);
    expect(stored?.kind).toBe("draft");
    expect(stored?.output.sources.map((s) => s.id)).toEqual(first.citations.map((c) => c.id));
    expect(await acceptance()).toMatchObject({ drafts: 1, pending: 1 });
    await send(asIs, first.text.replace(/\[\d+\]/g, ""));

    const edited = await issueAsking("SSO with Okta broke after a certificate change, what do we do?");
    const second = await draft(edited);
    const sentences = second.text.split(/(?<=\.)\s+/);
    await send(
      edited,
      [...sentences.slice(0, -1), "Let me know if that does not help, happy to jump on a call."].join(" "),
    );

    const replaced = await issueAsking("Okta SSO certificate rotation broke our sign-in.");
    await draft(replaced);
    await draft(replaced);
    await send(replaced, "Thanks, I escalated this to our identity team and will get back to you today.");

    expect(await acceptance()).toMatchObject({ drafts: 4, accepted: 1, edited: 1, discarded: 2, pending: 0 });
    const figure = await acceptance();
    expect(figure.acceptanceRate).toBeCloseTo(0.5);
    expect(figure.meanSimilarity).toBeGreaterThan(0);
    expect(figure.meanSimilarity).toBeLessThan(1);
  });

  it("does not judge a draft by an internal note", async () => {
    const number = await issueAsking("Okta certificate rotated and SSO fails.");
    const before = await acceptance();
    const d = await draft(number);
    const note = await as().post(`/issues/${number}/messages`, { body: d.text, visibility: "internal" });
    expect(note.statusCode, note.body).toBe(201);
    expect(await acceptance()).toMatchObject({ drafts: before.drafts + 1, pending: before.pending + 1 });
  });

  it("keeps each workspace's figure to itself", async () => {
    const other = await buildWorkspace(app());
    expect((await api(app(), other.admin).get("/copilot/acceptance")).json()).toMatchObject({ drafts: 0 });
  });
});
