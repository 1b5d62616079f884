import { describe, expect, it } from "vitest";
import { routingReads } from "./routing";

/** A query builder's shape: a thenable that runs its statement on every `then`. */
function lazyQuery<T>(value: T) {
  let runs = 0;
  const builder: PromiseLike<T> = {
    // biome-ignore lint/suspicious/noThenProperty: this stands for a thenable query builder on purpose
    then(resolve, reject) {
      runs += 1;
      return Promise.resolve(value).then(resolve, reject);
    },
  };
  return { builder, runs: () => runs };
}

describe("routingReads", () => {
  it("runs a read once per batch, even when the load hands back a lazy query builder", async () => {
    const reads = routingReads();
    const query = lazyQuery(["policy"]);
    expect(await reads.once("slaPolicies:w", () => query.builder)).toEqual(["policy"]);
    expect(await reads.once("slaPolicies:w", () => query.builder)).toEqual(["policy"]);
    expect(query.runs()).toBe(1);
  });

  it("reads again after a failed load instead of remembering the failure", async () => {
    const reads = routingReads();
    await expect(reads.once("k", () => Promise.reject(new Error("blip")))).rejects.toThrow("blip");
    expect(await reads.once("k", async () => 2)).toBe(2);
  });
});
