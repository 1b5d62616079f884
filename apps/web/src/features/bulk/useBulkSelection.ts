// Selection keys of a list or board: x toggles the issue in focus, ⇧X selects up to it, Esc
// clears; with a selection, a / t / s / p / l open the bulk menus and e closes them all.
// Shift-click on a row or card selects the range (see `onBulkClick`).

import type { MouseEvent } from "react";
import { useEffect } from "react";
import { useStore } from "../../ui/store";
import { useCanWrite } from "../auth/useCanWrite";
import { useHotkeys } from "../shortcuts/hotkeys";
import { bulkMenu, clearSelection, selection, selectRange, toggleSelected } from "./selection";
import { useBulkUpdate } from "./useBulkUpdate";

/** ⇧X, as the key event names it. */
const SHIFT_X = "X";

export function useBulkSelection(ordered: readonly number[], focused: number | null) {
  const { numbers } = useStore(selection);
  const bulk = useBulkUpdate();
  const write = useCanWrite();
  // A selection belongs to the list it was made in.
  useEffect(() => clearSelection, []);
  useHotkeys({
    x: () => focused !== null && toggleSelected(focused),
    [SHIFT_X]: () => focused !== null && selectRange(ordered, focused),
  });
  useHotkeys({ Escape: clearSelection }, numbers.length > 0);
  useHotkeys(
    {
      a: () => bulkMenu.set("assign"),
      t: () => bulkMenu.set("team"),
      s: () => bulkMenu.set("state"),
      p: () => bulkMenu.set("priority"),
      l: () => bulkMenu.set("tags"),
      e: () => bulk.apply({ state: "closed" }, "Closed"),
    },
    numbers.length > 0 && write.can,
  );
  return numbers;
}

/** Shift-click selects the range (and keeps the browser from opening a window); true if handled. */
export function onBulkClick(event: MouseEvent, ordered: readonly number[], number: number): boolean {
  if (!event.shiftKey) return false;
  event.preventDefault();
  selectRange(ordered, number);
  return true;
}
