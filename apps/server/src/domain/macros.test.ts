import { describe, expect, it } from "vitest";
import { firstName, renderTemplate, unknownVariables } from "./macros";
import { extractMentions } from "./mentions";

describe("macro templates", () => {
  it("fills known variables and reads naturally when a value is missing", () => {
    const out = renderTemplate(
      "Hi {{contact.first_name}}, book here: cal.com/{{ agent.first_name }} (#{{issue.number}})",
      {
        "agent.first_name": "Dana",
        "issue.number": "42",
      },
    );
    expect(out).toBe("Hi there, book here: cal.com/Dana (#42)");
  });

  it("lists unknown variables so a macro with a typo cannot be saved", () => {
    expect(unknownVariables("Hi {{contact.frist_name}} {{agent.name}}")).toEqual(["contact.frist_name"]);
  });

  it("takes a first name only from a real name", () => {
    expect(firstName("Maria Lopez")).toBe("Maria");
    expect(firstName("maria@acme.com")).toBeUndefined();
  });
});

describe("mentions", () => {
  const people = [
    { id: "1", name: "Dana Kim", email: "dana@corp.test" },
    { id: "2", name: "Sam Lee", email: "sam.lee@corp.test" },
  ];
  it("finds colleagues by first name, dotted name or email, once each", () => {
    expect(extractMentions("@dana can you check? cc @sam.lee and @Dana again", people)).toEqual(["1", "2"]);
    expect(extractMentions("ask @sam.lee@corp.test.", people)).toEqual(["2"]);
  });
  it("ignores email addresses and unknown handles", () => {
    expect(extractMentions("write to dana@corp.test or @nobody", people)).toEqual([]);
  });
});
