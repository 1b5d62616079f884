// The dashboard's pure parts: filters become one condition tree, numbers read as people say them.
import { describe, expect, it } from "vitest";
import { changeOf, filterTree, formatDuration, formatValue, metricQuery, NO_FILTERS, periodOf } from "./model";

describe("analytics dashboard model", () => {
  it("turns the filter bar into one condition tree, with me for the personal dashboard", () => {
    expect(filterTree(NO_FILTERS, false)).toBeNull();
    expect(filterTree(NO_FILTERS, true)).toEqual({ field: "issue.assignee", op: "in", value: ["me"] });
    expect(
      filterTree({ ...NO_FILTERS, team: "t1", accountTier: " gold ", fieldKey: "plan", fieldValue: "pro" }, false),
    ).toEqual({
      all: [
        { field: "issue.team", op: "in", value: ["t1"] },
        { field: "account.tier", op: "in", value: ["gold"] },
        { field: "issue.field.plan", op: "eq", value: "pro" },
      ],
    });
  });

  it("asks for whole days of the workspace's time zone, across a daylight-saving change", () => {
    const { from, to } = periodOf(7, new Date("2026-03-10T03:00:00Z"), "America/New_York");
    // 03:00 UTC on 10 March is 23:00 on 9 March in New York; clocks sprang forward on 8 March.
    expect([from.toISOString(), to.toISOString()]).toEqual(["2026-03-03T05:00:00.000Z", "2026-03-10T04:00:00.000Z"]);
    const tokyo = periodOf(1, new Date("2026-03-10T16:00:00Z"), "Asia/Tokyo");
    expect([tokyo.from.toISOString(), tokyo.to.toISOString()]).toEqual([
      "2026-03-10T15:00:00.000Z",
      "2026-03-11T15:00:00.000Z",
    ]);
  });

  it("asks for whole UTC days and sends an empty key for the group without one", () => {
    const { from, to } = periodOf(7, new Date("2026-03-10T15:00:00Z"));
    expect([from.toISOString(), to.toISOString()]).toEqual(["2026-03-04T00:00:00.000Z", "2026-03-11T00:00:00.000Z"]);
    expect(metricQuery({ metric: "created", from, to, groupBy: "team", filter: null, key: null })).toBe(
      "metric=created&from=2026-03-04T00%3A00%3A00.000Z&to=2026-03-11T00%3A00%3A00.000Z&group_by=team&key=",
    );
  });

  it("reads durations, shares and changes as people say them", () => {
    expect([formatDuration(45), formatDuration(720), formatDuration(12_000), formatDuration(187_200)]).toEqual([
      "45s",
      "12m",
      "3h 20m",
      "2d 4h",
    ]);
    expect(formatValue("sla_attainment", 0.875)).toBe("87.5%");
    expect(formatValue("csat", null)).toBe("—");
    expect(changeOf(80, 100, true)).toEqual({ text: "▼ 20%", good: true });
    expect(changeOf(120, 100, true)).toEqual({ text: "▲ 20%", good: false });
    expect(changeOf(5, 0, false)).toBeNull();
  });
});
