import { describe, expect, it } from "vitest";
import { AppError } from "../domain/errors";
import { keyedLimiter } from "./keyedLimiter";

describe("keyedLimiter", () => {
  it("allows max attempts per key in a window, then refuses until the window passes", () => {
    const limiter = keyedLimiter({ max: 2, windowMs: 60_000, what: "resets" });
    limiter.hit("a@x.test", 0);
    limiter.hit("a@x.test", 1);
    expect(() => limiter.hit("a@x.test", 2)).toThrow(AppError);
    // Another key has its own allowance.
    limiter.hit("b@x.test", 2);
    // The window has passed.
    limiter.hit("a@x.test", 60_001);
  });
});
