import type { PortalFormView } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { checkSubmission } from "./portalForms";

const form: PortalFormView = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Report a bug",
  description: "",
  fields: [
    { key: "severity", label: "Severity", type: "select", options: ["Blocking"], required: true, helpText: "" },
    { key: "seats", label: "Seats", type: "number", options: [], required: false, helpText: "" },
    { key: "file", label: "Screenshot", type: "file", options: [], required: true, helpText: "" },
  ],
};
const base = { subject: "Export fails", description: "At 99%", clientId: "c", fields: {} };
const file = { filename: "a.png", contentType: "image/png", data: "AA==" };

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("checkSubmission", () => {
  it("names every missing required field, built-in ones included, with form_incomplete", () => {
    const error = refusal(() => checkSubmission(form, { ...base, subject: "  ", fields: { severity: "" } }));
    expect(error.code).toBe("form_incomplete");
    expect(error.message).toBe("Please fill in: Subject, Severity, Screenshot.");
    expect(error.details).toEqual({
      fields: { subject: "Subject is required.", severity: "Severity is required.", file: "Screenshot is required." },
    });
  });

  it("refuses fields the form does not ask for", () => {
    const error = refusal(() =>
      checkSubmission(form, { ...base, fields: { severity: "Blocking", owner: "x" }, files: [file] }),
    );
    expect(error.code).toBe("validation_failed");
  });

  it("returns the values to set, numbers as numbers, empty optional fields left out", () => {
    expect(checkSubmission(form, { ...base, fields: { severity: "Blocking", seats: "12" }, files: [file] })).toEqual({
      severity: "Blocking",
      seats: 12,
    });
    expect(checkSubmission(form, { ...base, fields: { severity: "Blocking", seats: "" }, files: [file] })).toEqual({
      severity: "Blocking",
    });
  });
});
