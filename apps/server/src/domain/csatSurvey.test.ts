// Which closings get a CSAT survey, on which scale: the one rule every channel asks.
import { describe, expect, it } from "vitest";
import { csatChoices, csatLabel, type SurveyFacts, surveyFor } from "./csatSurvey";

const closed: SurveyFacts = { state: "closed", team: null, closedBy: "user", mergedIntoId: null, tags: [] };

describe("the CSAT survey rule", () => {
  it("asks on 1–5 when an agent or the customer closes, and on the team's scale", () => {
    expect(surveyFor(closed)).toEqual({ scale: "1-5" });
    expect(surveyFor({ ...closed, closedBy: "contact" })).toEqual({ scale: "1-5" });
    expect(surveyFor({ ...closed, team: { csatEnabled: true, csatScale: "thumbs" } })).toEqual({ scale: "thumbs" });
  });

  it("never asks about noise: automatic closings, spam, merged issues, a team that switched it off", () => {
    for (const closedBy of ["trigger", "agent", "system", null] as const) {
      expect(surveyFor({ ...closed, closedBy })).toHaveProperty("skip");
    }
    expect(surveyFor({ ...closed, tags: ["Spam"] })).toHaveProperty("skip");
    expect(surveyFor({ ...closed, mergedIntoId: "other" })).toHaveProperty("skip");
    expect(surveyFor({ ...closed, team: { csatEnabled: false, csatScale: "1-5" } })).toHaveProperty("skip");
    expect(surveyFor({ ...closed, state: "on_you" })).toHaveProperty("skip");
  });

  it("stores thumbs as 5 and 1, so both scales average alike", () => {
    expect(csatChoices("thumbs").map((c) => [c.emoji, c.score])).toEqual([
      ["👍", 5],
      ["👎", 1],
    ]);
    expect(csatChoices("1-5").map((c) => c.score)).toEqual([1, 2, 3, 4, 5]);
    expect(csatLabel("thumbs", 5)).toBe("👍 Good");
  });
});
