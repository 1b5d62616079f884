import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { showToast, toasts } from "./toasts";

beforeEach(() => {
  vi.useFakeTimers();
  toasts.set(() => []);
});
afterEach(() => vi.useRealTimers());

describe("toasts", () => {
  it("shows the same message once, the latest, instead of stacking copies", () => {
    showToast("Could not reorder: the server is down", "error");
    showToast("Saved.");
    showToast("Could not reorder: the server is down", "error");
    expect(toasts.get().map((t) => t.text)).toEqual(["Saved.", "Could not reorder: the server is down"]);
  });

  it("keeps at most three, the newest", () => {
    for (const n of [1, 2, 3, 4, 5]) showToast(`Deleted ${n}.`);
    expect(toasts.get().map((t) => t.text)).toEqual(["Deleted 3.", "Deleted 4.", "Deleted 5."]);
  });

  it("keeps toasts that offer an action, even with the same text (each undoes its own change)", () => {
    const undo = { label: "Undo", run: () => {} };
    showToast("Closed.", "info", 6000, undo);
    showToast("Closed.", "info", 6000, undo);
    expect(toasts.get()).toHaveLength(2);
  });

  it("lets a replaced toast's timer pass without removing its successor", () => {
    showToast("Saved.", "info", 1000);
    vi.advanceTimersByTime(500);
    showToast("Saved.", "info", 1000);
    vi.advanceTimersByTime(600);
    expect(toasts.get().map((t) => t.text)).toEqual(["Saved."]);
    vi.advanceTimersByTime(500);
    expect(toasts.get()).toEqual([]);
  });
});
