import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { messageOf } from "./ErrorNotice";

describe("messageOf", () => {
  it("adds the server's per-field reasons to its message", () => {
    const error = new ApiError(400, "validation_failed", "Some custom field values are not valid.", {
      fields: { linear_issue: "Linear issue must be an http(s) URL" },
    });
    expect(messageOf(error)).toBe("Some custom field values are not valid. Linear issue must be an http(s) URL.");
  });

  it("adds request validation issues with their path, at most three", () => {
    const issues = ["a", "b", "c", "d"].map((k) => ({ path: `body.${k}`, message: "Required" }));
    const error = new ApiError(400, "validation_failed", "The request is not valid.", { issues });
    expect(messageOf(error)).toBe("The request is not valid. body.a: Required; body.b: Required; body.c: Required.");
  });

  it("keeps a message without reasons as it is, and names a failure that is not the server's", () => {
    const conflict = new ApiError(409, "conflict", "Set Category before closing this issue.", {
      missingFields: ["Category"],
    });
    expect(messageOf(conflict)).toBe("Set Category before closing this issue.");
    expect(messageOf("nope")).toBe("Something went wrong.");
  });
});
