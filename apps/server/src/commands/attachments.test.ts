import { describe, expect, it } from "vitest";
import { safeContentType } from "./attachments";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe("safeContentType", () => {
  it("trusts the bytes over the declared type", () => {
    expect(safeContentType(PNG, "application/octet-stream")).toBe("image/png");
    expect(safeContentType(Buffer.from("%PDF-1.7"), "text/plain")).toBe("application/pdf");
  });

  it("never serves something a browser would run", () => {
    expect(safeContentType(Buffer.from("<script>alert(1)</script>"), "text/html")).toBe("application/octet-stream");
    expect(safeContentType(Buffer.from("<svg onload=x>"), "image/svg+xml")).toBe("application/octet-stream");
    expect(safeContentType(Buffer.from("<html>"), "image/png")).toBe("application/octet-stream");
    expect(safeContentType(Buffer.from("x"), "not a type")).toBe("application/octet-stream");
  });

  it("keeps harmless declared types and plain text", () => {
    expect(safeContentType(Buffer.from("a,b\n1,2"), "text/csv")).toBe("text/plain");
    expect(safeContentType(Buffer.from([0x50, 0x4b, 0x03, 0x04]), "application/vnd.ms-excel")).toBe(
      "application/vnd.ms-excel",
    );
  });
});
