import { describe, expect, it } from "vitest";
import { draftArticle, groupSimilar } from "./gaps";
import { sections, slugify, terms } from "./text";

describe("knowledge-base text", () => {
  it("makes URL slugs from titles", () => {
    expect(slugify("Set up SAML single sign-on (Okta)!")).toBe("set-up-saml-single-sign-on-okta");
    expect(slugify("Résumé — ça marche")).toBe("resume-ca-marche");
    expect(slugify("!!!")).toBe("article");
  });

  it("splits markdown at headings but not inside code", () => {
    const s = sections("Intro line.\n\n## Steps\n1. One\n```\n# not a heading\n```\n## Caveats\nCareful.");
    expect(s.map((x) => x.heading)).toEqual([null, "Steps", "Caveats"]);
    expect(s[1]?.text).toContain("# not a heading");
    expect(s[1]?.anchor).toBe("steps");
  });

  it("compares word stems without stop words", () => {
    expect(terms("The syncs are failing")).toEqual(["sync", "fail"]);
  });
});

describe("knowledge gaps", () => {
  it("groups questions asking much the same thing, most asked first", () => {
    const groups = groupSimilar(
      [
        "How do I export runs to CSV?",
        "Does the API paginate?",
        "Can I export my runs as CSV?",
        "Export runs to CSV file",
      ],
      (q) => q,
    );
    expect(groups.map((g) => g.length)).toEqual([3, 1]);
  });

  it("drafts steps and caveats from agents' answers, citing their issues", () => {
    const { title, body } = draftArticle("How do I export runs?", [
      {
        number: 7,
        title: "Export",
        answers: ["Hi Jo, open Runs and click Export. Note that exports only cover 90 days."],
      },
    ]);
    expect(title).toBe("How do I export runs?");
    expect(body).toContain("1. open Runs and click Export. (from #7)");
    expect(body).toContain("- Note that exports only cover 90 days. (from #7)");
    expect(body).toContain("- Issue #7: Export");
  });
});
