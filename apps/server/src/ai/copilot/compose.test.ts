import { describe, expect, it } from "vitest";
import { answerFromThread, composeDraft, summarise, type ThreadMessage } from "./compose";

const article = {
  id: "a1",
  title: "Reconnect a source",
  url: "/help/x/articles/reconnect",
  rank: 0.5,
  body: "Tokens expire.\n\n## Steps\n\n1. Open Sources and pick the connector.\n2. Click Reconnect and sign in again.\n\n## Billing\n\nInvoices are monthly.",
};
const at = new Date("2026-12-01T10:00:00Z");
const thread: ThreadMessage[] = [
  {
    id: "m1",
    author: "Pat",
    fromCustomer: true,
    visibility: "public",
    text: "Our sync fails: the token expired. How do I reconnect the connector?",
    at,
  },
  {
    id: "m2",
    author: "Sam",
    fromCustomer: false,
    visibility: "public",
    text: "Could you try to reconnect under Sources?",
    at,
  },
  {
    id: "m3",
    author: "Pat",
    fromCustomer: true,
    visibility: "public",
    text: "We tried reconnecting and it still fails.",
    at,
  },
];

describe("the offline copilot", () => {
  it("drafts from the article's matching section, every sentence citing it", () => {
    const draft = composeDraft({ question: thread[0]?.text ?? "", customerName: "Pat Lee", articles: [article] });
    expect(draft.text).toMatch(/^Hi Pat,/);
    expect(draft.text).toContain("Click Reconnect and sign in again. [1]");
    expect(draft.text).not.toContain("Invoices");
    expect(draft.citations[0]).toMatchObject({ id: "a1", section: "Steps", url: "/help/x/articles/reconnect#steps" });
  });

  it("drafts nothing when no article shares a word with the question", () => {
    expect(composeDraft({ question: "pricing for enterprise", customerName: null, articles: [article] }).text).toBe("");
  });

  it("summarises the ask, what was tried and what is pending, citing messages", () => {
    const s = summarise(thread);
    expect(s.text).toContain("**Asked:** Pat");
    expect(s.text).toContain("**Tried:**");
    expect(s.text).toContain("the team owes the customer an answer");
    expect(s.citations.map((c) => c.id)).toEqual(expect.arrayContaining(["m1", "m3"]));
  });

  it("answers from the thread with message citations, or says the thread does not say", () => {
    const a = answerFromThread("Has the customer tried reconnecting?", thread);
    expect(a.citations[0]?.id).toBe("m3");
    expect(answerFromThread("What is their VAT number?", thread).text).toBe("The thread does not say.");
  });
});
