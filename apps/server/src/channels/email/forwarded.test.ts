import { describe, expect, it } from "vitest";
import { forwardedSender } from "./forwarded";

describe("the sender of a forwarded mail", () => {
  it("reads Gmail's forwarded block", () => {
    const text =
      "FYI, can you take this?\n\n---------- Forwarded message ---------\nFrom: Ann Lee <Ann@Customer.test>\nDate: Mon, 2 Mar 2026\nSubject: Export fails\n\nThe export times out.";
    expect(forwardedSender("Fwd: Export fails", text)).toEqual({ address: "ann@customer.test", name: "Ann Lee" });
  });

  it("reads Outlook's block with a mailto and a quoted name, and Apple Mail's marker", () => {
    const outlook = 'See below\n\nFrom: "Lee, Ann" [mailto:ann@customer.test]\nSent: Monday\nTo: Bo\nSubject: Export';
    expect(forwardedSender("FW: Export", outlook)).toEqual({ address: "ann@customer.test", name: "Lee, Ann" });
    const apple = "Begin forwarded message:\n\nFrom: ann@customer.test\nSubject: Export";
    expect(forwardedSender("Export", apple)).toEqual({ address: "ann@customer.test" });
  });

  it("finds nothing in a mail that is not a forward", () => {
    expect(forwardedSender("Lunch", "From: the kitchen, with love")).toBeUndefined();
    expect(forwardedSender("Re: Export", "On Mon, Ann wrote:\n> hi")).toBeUndefined();
  });
});
