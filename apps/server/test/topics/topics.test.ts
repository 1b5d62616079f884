// Common topics through the API: on the demo workspace every topic holds exactly the customer
// questions it claims (real first messages of the issues it lists), new questions join a topic by
// the incremental job, another workspace's questions never appear, and roles are checked.
import type { Issue, Message, Page, TopicDetail, TopicLinearIssue, TopicList } from "@switchboard/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInbound } from "../../src/commands/inbound";
import { seedDemoContent } from "../../src/seed/demoContent";
import { addPerson, expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, unique, useTestApp } from "../harness";
import { LinearStandin } from "../linear/standin";

const app = useTestApp();
let demo: TestWorkspace;
let other: TestWorkspace;
const linear = new LinearStandin();
afterAll(() => linear.close());

/** A customer's emailed question, opening an issue. */
async function customerAsks(ws: TestWorkspace, text: string): Promise<number> {
  const { issue } = await ws.run((ctx) =>
    ingestInbound(ctx, {
      workspaceId: ws.workspaceId,
      channel: "email",
      threadKey: unique("thread"),
      externalId: unique("msg"),
      author: { email: `${unique("casey")}@customer.example`, name: "Casey" },
      text,
      subject: text.slice(0, 60),
      attachments: [],
      sentAt: new Date(),
      source: {},
    }),
  );
  return issue.number;
}

async function recluster(ws: TestWorkspace, mode: "full" | "incremental" = "full") {
  const res = await api(app(), ws.admin).post("/topics/recluster", { mode });
  expect(res.statusCode).toBe(202);
  await app().services.jobs.idle(["topics.cluster"], 120_000);
}

const topicsOf = async (ws: TestWorkspace) => (await api(app(), ws.admin).get("/topics?limit=200")).json() as TopicList;

beforeAll(async () => {
  await linear.start();
  const name = unique("demo");
  demo = await buildWorkspace(app(), name);
  await seedDemoContent(app().services, {
    workspaceId: demo.workspaceId,
    run: demo.run,
    adminId: demo.adminId,
    domain: `${name}.test`,
    issues: 80,
  });
  other = await buildWorkspace(app());
  // The other tenant asks the demo's most common kinds of question, with a marker word.
  for (const text of [
    "zebrafruit: our Salesforce sync stopped updating accounts",
    "zebrafruit: Salesforce sync is failing for accounts again",
    "zebrafruit: SAML single sign-on with Okta fails",
    "zebrafruit: Okta SAML single sign-on login loop",
  ])
    await customerAsks(other, text);
  await recluster(demo);
  await recluster(other);
});

describe("common topics on the demo workspace", () => {
  it("ranks topics by how many asked, each with a label, trend and examples", async () => {
    const list = await topicsOf(demo);
    expect(list.items.length).toBeGreaterThan(2);
    expect(list.questions).toBeGreaterThanOrEqual(80);
    expect(list.clusteredAt).not.toBeNull();
    const sizes = list.items.map((t) => t.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    list.items.forEach((t, i) => {
      expect(t.rank).toBe(i + 1);
      expect(t.label.length).toBeGreaterThan(0);
      expect(t.weekly).toHaveLength(8);
      expect(t.weekly.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(t.size);
      expect(t.examples.length).toBeGreaterThan(0);
      expect(t.examples.length).toBeLessThanOrEqual(3);
    });
  });

  it("a topic holds the questions it claims: the customers' own messages on the issues it lists", async () => {
    const as = api(app(), demo.admin);
    const [top] = (await topicsOf(demo)).items;
    if (!top) throw new Error("no topic");
    const detail = (await as.get(`/topics/${top.id}`)).json() as TopicDetail;
    expect(detail.size).toBe(top.size);
    expect(detail.questions).toHaveLength(Math.min(top.size, 200));
    expect(new Set(detail.issues.map((i) => i.number))).toEqual(new Set(detail.questions.map((q) => q.issueNumber)));
    // Each issue names its account (a broadcast from the topic is addressed to them).
    expect(detail.issues.every((i) => (i.accountId === null) === (i.accountName === null))).toBe(true);
    for (const example of top.examples) expect(detail.questions.map((q) => q.messageId)).toContain(example.messageId);
    for (const q of detail.questions.slice(0, 10)) {
      const messages = (await as.get(`/issues/${q.issueNumber}/messages`)).json() as Page<Message>;
      const message = messages.items.find((m) => m.id === q.messageId);
      expect(message?.authorType).toBe("contact");
      expect(message?.bodyText.replace(/\s+/g, " ")).toContain(q.text.slice(0, 40));
    }
    // The label is words the questions use.
    const words = detail.questions.map((q) => q.text.toLowerCase()).join(" ");
    for (const term of detail.terms) expect(words).toContain(term.split(" ")[0]?.slice(0, 4));
  });

  it("places a new question into the topic it matches on the incremental run", async () => {
    const [top] = (await topicsOf(demo)).items;
    if (!top) throw new Error("no topic");
    const number = await customerAsks(demo, top.question);
    await recluster(demo, "incremental");
    const detail = (await api(app(), demo.admin).get(`/topics/${top.id}`)).json() as TopicDetail;
    expect(detail.questions.map((q) => q.issueNumber)).toContain(number);
    expect(detail.size).toBe(top.size + 1);
    expect(detail.trend === "new" || detail.thisWeek >= 1).toBe(true);
  });
});

describe("acting on a topic", () => {
  it("files one Linear issue quoting the topic's questions, linked to its issues", async () => {
    const as = api(app(), demo.admin);
    const [top] = (await topicsOf(demo)).items;
    if (!top) throw new Error("no topic");
    expectError(await as.post(`/topics/${top.id}/linear-issue`, { teamId: "x" }), 409, "conflict");
    const connected = await as.put("/integrations/linear", { apiKey: linear.apiKey, apiUrl: linear.url });
    expect(connected.statusCode, connected.body).toBe(200);
    const detail = (await as.get(`/topics/${top.id}`)).json() as TopicDetail;
    const res = await as.post(`/topics/${top.id}/linear-issue`, { teamId: linear.teams[0]?.id });
    expect(res.statusCode, res.body).toBe(201);
    const filed = res.json() as TopicLinearIssue;
    const created = linear.issues.get(filed.linearIssueId);
    expect(created?.title?.toLowerCase()).toBe(top.label.toLowerCase());
    expect(created?.description).toContain(`> ${top.examples[0]?.text.slice(0, 30)}`);
    expect(filed.linked.sort()).toEqual(
      detail.issues
        .slice(0, 50)
        .map((i) => i.number)
        .sort(),
    );
    for (const number of filed.linked.slice(0, 5)) {
      const links = (await as.get(`/issues/${number}/linear-links`)).json().items as { identifier: string }[];
      expect(links.map((l) => l.identifier)).toContain(filed.identifier);
    }
  });

  it("saves a view that selects exactly the topic's issues (issue.topic in the condition language)", async () => {
    const as = api(app(), demo.admin);
    const [top, second] = (await topicsOf(demo)).items;
    if (!top || !second) throw new Error("fewer than two topics");
    const detail = (await as.get(`/topics/${top.id}`)).json() as TopicDetail;
    const view = await as.post("/views", {
      name: top.label,
      ownerType: "user",
      filter: { all: [{ field: "issue.topic", op: "eq", value: top.id }] },
    });
    expect(view.statusCode, view.body).toBe(201);
    const got = (await as.get(`/views/${view.json().id}/issues?limit=200`)).json().items as Issue[];
    expect(got.map((i) => i.number).sort()).toEqual(detail.issues.map((i) => i.number).sort());
    const neither = await as.post("/views", {
      name: "Neither",
      ownerType: "user",
      filter: { all: [{ field: "issue.topic", op: "not_in", value: [top.id, second.id] }] },
    });
    const rest = (await as.get(`/views/${neither.json().id}/issues?limit=200`)).json().items as Issue[];
    expect(rest.some((i) => detail.issues.some((d) => d.number === i.number))).toBe(false);
    expect(rest.length).toBeGreaterThan(0);
  });
});

describe("topics and tenancy", () => {
  it("never shows another workspace's questions or issues in a topic", async () => {
    const mine = await topicsOf(demo);
    expect(JSON.stringify(mine)).not.toContain("zebrafruit");
    for (const t of mine.items.slice(0, 5)) {
      const detail = await api(app(), demo.admin).get(`/topics/${t.id}`);
      expect(detail.body).not.toContain("zebrafruit");
    }
    const theirs = await topicsOf(other);
    expect(theirs.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(theirs)).not.toMatch(/Acme|demo/i);
    for (const t of theirs.items) {
      expect(t.examples.every((e) => e.text.includes("zebrafruit"))).toBe(true);
      expectError(await api(app(), demo.admin).get(`/topics/${t.id}`), 404, "not_found");
    }
  });

  it("lets a viewer read topics but not re-cluster them", async () => {
    const viewer = await addPerson(app(), demo, "viewer", "Vi");
    expect((await api(app(), viewer).get("/topics")).statusCode).toBe(200);
    expectError(await api(app(), viewer).post("/topics/recluster", { mode: "full" }), 403, "forbidden");
    expectError(
      await api(app(), demo.admin).post("/topics/recluster", { mode: "sometimes" }),
      400,
      "validation_failed",
    );
  });
});
