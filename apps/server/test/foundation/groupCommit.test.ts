// Group commit (email intake under load): items submitted together share transactions, a failing
// item costs only itself its outcome, and nothing is lost or written twice.
import type { Issue, Items } from "@switchboard/api";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../src/commands/context";
import { GroupCommitter } from "../../src/commands/groupCommit";
import { openIssue } from "../../src/commands/issues";
import { api, buildWorkspace, unique, useTestApp } from "../harness";

const app = useTestApp();

const actor = { type: "system", name: "test" } as const;

describe("group commit", () => {
  it("commits every good item exactly once and fails only the bad one", async () => {
    const ws = await buildWorkspace(app());
    const prefix = unique("batch");
    const transactions: number[] = [];
    const open = async (ctx: Parameters<typeof openIssue>[0], n: number) => {
      const issue = await openIssue(ctx, { title: `${prefix} ${n}`, threadKey: `${prefix}-${n}` });
      if (n === 7) throw new Error("item 7 is bad");
      return issue.number;
    };
    const committer = new GroupCommitter<number, number>(app().services, {
      actor,
      maxBatch: 8,
      lanes: 2,
      inBatch: async (ctx, ns) => {
        const numbers: number[] = [];
        for (const n of ns) numbers.push(await open(ctx, n));
        return numbers;
      },
      alone: (workspaceId, n) =>
        runCommand(app().services, { workspaceId, actor }, (ctx) => {
          transactions.push(n);
          return open(ctx, n);
        }),
    });

    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) => committer.submit(ws.workspaceId, n)),
    );

    expect(outcomes[7]).toMatchObject({ status: "rejected", reason: { message: "item 7 is bad" } });
    const numbers = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(numbers).toHaveLength(19);
    expect(new Set(numbers).size).toBe(19);
    // Items queued together ran in shared transactions: far fewer than one transaction each.
    expect(transactions.length).toBeLessThan(20);

    const listed = await api(app(), ws.admin).get("/issues?limit=100");
    const titles = (listed.json() as Items<Issue>).items.map((i) => i.title).filter((t) => t.startsWith(prefix));
    expect(titles.sort()).toEqual(
      Array.from({ length: 20 }, (_, n) => `${prefix} ${n}`)
        .filter((t) => t !== `${prefix} 7`)
        .sort(),
    );
  });

  it("never runs two items with the same conflict key in parallel batches", async () => {
    const ws = await buildWorkspace(app());
    let running = 0;
    let overlap = false;
    const committer = new GroupCommitter<string, string>(app().services, {
      actor,
      maxBatch: 1,
      lanes: 4,
      conflictKey: (key) => key,
      inBatch: async (_ctx, keys) => keys,
      alone: async (_workspaceId, key) => {
        if (key === "same") {
          running++;
          overlap ||= running > 1;
          await new Promise((r) => setTimeout(r, 20));
          running--;
        }
        return key;
      },
    });
    const keys = ["same", "a", "same", "b", "same", "c"];
    expect(await Promise.all(keys.map((k) => committer.submit(ws.workspaceId, k)))).toEqual(keys);
    expect(overlap).toBe(false);
  });
});
