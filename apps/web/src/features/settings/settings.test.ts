// The pure parts of the settings forms: keys from labels, server errors onto fields, and the
// checks that stop a trigger or macro from being sent when the server would refuse it.
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/client";
import { keyFromLabel } from "./fields/FieldDialog";
import { formErrors, serverFieldErrors } from "./formErrors";
import { unknownVariables } from "./macros/MacroDialog";
import { actionProblem } from "./triggers/ActionEditor";
import { conditionProblem } from "./triggers/ConditionEditor";

describe("settings forms", () => {
  it("derives a field key from its label", () => {
    expect(keyFromLabel("Renewal date")).toBe("renewal_date");
    expect(keyFromLabel("  2FA — enabled? ")).toBe("fa_enabled");
    expect(keyFromLabel("Café crème")).toBe("cafe_creme");
  });

  it("puts zod issues from the server beside the field they name", () => {
    const error = new ApiError(400, "validation_failed", "The request is not valid.", {
      issues: [
        { path: "body.key", message: "lower_snake_case, starting with a letter" },
        { path: "body.options.2", message: "Too long" },
      ],
    });
    expect(serverFieldErrors(error)).toEqual({ key: "lower_snake_case, starting with a letter", options: "Too long" });
    expect(formErrors({}, error).general).toBeNull();
  });

  it("shows a refusal without field details once, for the whole form", () => {
    const error = new ApiError(409, "conflict", 'Tag "sso" already exists.');
    expect(formErrors({}, error)).toEqual({ fields: {}, general: 'Tag "sso" already exists.' });
  });

  it("catches unknown macro variables before saving", () => {
    expect(unknownVariables("Hi {{contact.first_name}}, {{ agent.nickname }} here")).toEqual(["agent.nickname"]);
  });

  it("refuses a trigger condition without a value, or with a broken pattern", () => {
    expect(conditionProblem([{ field: "account.type", op: "in", value: [] }])).toBe("Condition 1 needs a value.");
    expect(conditionProblem([{ field: "message.text", op: "matches", value: "refund(" }])).toMatch(/pattern/);
    expect(conditionProblem([{ field: "issue.tags", op: "is_set" }])).toBeNull();
  });

  it("refuses a trigger without a complete action", () => {
    expect(actionProblem([])).toBe("Add at least one action.");
    expect(actionProblem([{ type: "set_team", teamId: "" }])).toBe("Action 1: pick a team.");
    expect(actionProblem([{ type: "add_tags", tags: ["vip"] }])).toBeNull();
  });
});
