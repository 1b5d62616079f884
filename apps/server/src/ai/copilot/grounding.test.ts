import { describe, expect, it } from "vitest";
import type { Citation } from "./compose";
import { groundCitations } from "./grounding";

const source = (n: number, id: string): Citation => ({
  n,
  kind: "article",
  id,
  title: `Article ${id}`,
  section: null,
  url: `/help/acme.test/articles/${id}`,
  excerpt: "",
});
const given = [source(1, "sso"), source(2, "webhooks")];

describe("grounding a generated answer in its sources", () => {
  it("keeps citations of given sources, renumbered in order of use", () => {
    const out = groundCitations("Use webhooks [2]. Then rotate [1]. Again [2].", given);
    expect(out.text).toBe("Use webhooks [1]. Then rotate [2]. Again [1].");
    expect(out.citations.map((c) => [c.n, c.id])).toEqual([
      [1, "webhooks"],
      [2, "sso"],
    ]);
    expect(out.refused).toEqual([]);
  });

  it("removes and reports markers of sources not given and links to articles not given", () => {
    const out = groundCitations(
      "Escalate to on-call [3]. See [the runbook](/help/acme.test/articles/secret-runbook) and [SSO](/help/acme.test/articles/sso#steps) [1].",
      given,
    );
    expect(out.text).toBe("Escalate to on-call. See the runbook and [SSO](/help/acme.test/articles/sso#steps) [1].");
    expect(out.refused).toEqual(["link /help/acme.test/articles/secret-runbook", "[3]"]);
    expect(out.citations.map((c) => c.id)).toEqual(["sso"]);
  });

  it("removes links to issues: a resolved issue is cited by number, never linked to the customer", () => {
    const answer: Citation = { ...source(3, "m1"), kind: "message", title: "Issue #7: Export", url: null };
    const out = groundCitations("Exports run in the background [3], as in [issue 7](/issues/7).", [...given, answer]);
    expect(out.text).toBe("Exports run in the background [1], as in issue 7.");
    expect(out.refused).toEqual(["link /issues/7"]);
    expect(out.citations.map((c) => [c.kind, c.id])).toEqual([["message", "m1"]]);
  });

  it("leaves links to other sites alone", () => {
    expect(groundCitations("Status at [status](https://status.example.com) [1].", given).refused).toEqual([]);
  });
});
