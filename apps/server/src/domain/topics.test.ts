import { describe, expect, it } from "vitest";
import { isNewQuestion, questionText } from "./topics";

const words = (t: string) => t.toLowerCase().match(/[a-z]{3,}/g) ?? [];

describe("which later customer messages are new questions", () => {
  const first = "Our Salesforce sync stopped updating account owners yesterday";
  it("counts a different ask later in the issue", () => {
    expect(isNewQuestion("Also, how do we export the audit log to CSV?", first, words)).toBe(true);
  });
  it("leaves out thanks, statements and the same ask reworded", () => {
    expect(isNewQuestion("Thanks, that worked!", first, words)).toBe(false);
    expect(isNewQuestion("The sync of account owners from Salesforce stopped?", first, words)).toBe(false);
    expect(isNewQuestion("ok?", first, words)).toBe(false);
  });
});

describe("question text", () => {
  it("drops quoted replies and folds whitespace", () => {
    expect(questionText("How do I reset SSO?\n\n> On Monday you wrote:\n> old text")).toBe("How do I reset SSO?");
  });
});
