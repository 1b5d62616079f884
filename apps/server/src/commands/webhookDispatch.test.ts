import { describe, expect, it } from "vitest";
import { advance } from "./webhookDispatch";

const start = { seq: 10, pendingSeq: null, pendingXmax: null };

describe("the webhook dispatcher's cursor", () => {
  it("moves over everything read while no other transaction ran", () => {
    expect(advance(start, { last: 20, full: false }, { xmin: 100n, xmax: 100n })).toEqual({
      seq: 20,
      pendingSeq: null,
      pendingXmax: null,
    });
  });

  it("holds while transactions that might still commit earlier seqs run, then moves once they ended", () => {
    const held = advance(start, { last: 20, full: false }, { xmin: 95n, xmax: 100n });
    expect(held).toEqual({ seq: 10, pendingSeq: 20, pendingXmax: "100" });
    // Still one of them running (xmin 99 < 100): no move, the pending mark is kept (not pushed on).
    expect(advance(held, { last: 25, full: false }, { xmin: 99n, xmax: 104n })).toEqual(held);
    // All of them ended: up to 20 is final; 25 was read while others ran, so it becomes pending.
    expect(advance(held, { last: 25, full: false }, { xmin: 100n, xmax: 104n })).toEqual({
      seq: 20,
      pendingSeq: 25,
      pendingXmax: "104",
    });
  });

  it("moves only as far as a full batch was read", () => {
    const held = { seq: 10, pendingSeq: 5000, pendingXmax: "100" };
    expect(advance(held, { last: 1010, full: true }, { xmin: 100n, xmax: 102n })).toEqual({
      seq: 1010,
      pendingSeq: 5000,
      pendingXmax: "100",
    });
  });
});
