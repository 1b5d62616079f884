// The issues selected for a bulk change in the list or board on screen: `x` toggles the
// issue in focus, shift-click (or ⇧X) selects the range from the last toggled one. Client-only.
import { createStore } from "../../ui/store";

export const selection = createStore<{ numbers: number[]; anchor: number | null }>({ numbers: [], anchor: null });

export type BulkPage = "assign" | "team" | "state" | "priority" | "tags";
/** Which bulk menu is open (assign to…, move to team…), if any. */
export const bulkMenu = createStore<BulkPage | null>(null);

export function toggleSelected(number: number) {
  selection.set(({ numbers }) => ({
    numbers: numbers.includes(number) ? numbers.filter((n) => n !== number) : [...numbers, number],
    anchor: number,
  }));
}

/** Adds every issue between the anchor and `number`, in the order on screen. */
export function selectRange(ordered: readonly number[], number: number) {
  selection.set(({ numbers, anchor }) => {
    const from = anchor === null ? -1 : ordered.indexOf(anchor);
    const to = ordered.indexOf(number);
    if (from < 0 || to < 0)
      return { numbers: numbers.includes(number) ? numbers : [...numbers, number], anchor: number };
    const range = ordered.slice(Math.min(from, to), Math.max(from, to) + 1);
    return { numbers: [...new Set([...numbers, ...range])], anchor: number };
  });
}

export const clearSelection = () => selection.set({ numbers: [], anchor: null });
