import { beforeEach, describe, expect, it } from "vitest";
import { clearSelection, selection, selectRange, toggleSelected } from "./selection";

describe("bulk selection", () => {
  beforeEach(clearSelection);

  it("toggles one issue with x and selects the range to it with shift", () => {
    toggleSelected(12);
    expect(selection.get().numbers).toEqual([12]);
    selectRange([10, 12, 7, 9, 3], 9);
    expect(selection.get().numbers).toEqual([12, 7, 9]);
    toggleSelected(7);
    expect(selection.get().numbers).toEqual([12, 9]);
  });

  it("selects upwards, and only the clicked issue when there is no anchor on screen", () => {
    selectRange([1, 2, 3], 2);
    expect(selection.get().numbers).toEqual([2]);
    selectRange([1, 2, 3, 4], 4);
    selectRange([1, 2, 3, 4], 1);
    expect(selection.get().numbers).toEqual([2, 3, 4, 1]);
  });
});
