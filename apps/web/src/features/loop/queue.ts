// Where the agent came from: the issues of the list or board they opened an issue from, in
// that screen's order, so the issue page can go to the next one (j/k, reply-and-next) and
// Esc goes back there; and the issue each list or board had selected, to come back to it.
import { createStore } from "../../ui/store";

export interface IssueQueue {
  /** The list or board's path, e.g. /views/<id> or /my-issues. */
  from: string;
  numbers: number[];
}

export const issueQueue = createStore<IssueQueue | null>(null);

/** A list or board publishes its order whenever it changes (only while it is on screen). */
export function publishQueue(from: string, numbers: number[]) {
  const current = issueQueue.get();
  if (current?.from === from && sameNumbers(current.numbers, numbers)) return;
  issueQueue.set({ from, numbers });
}

const sameNumbers = (a: number[], b: number[]) => a.length === b.length && a.every((n, i) => n === b[i]);

/** The issue `step` away from `number` in the queue; null past either end or outside it. */
export function neighbour(queue: IssueQueue | null, number: number, step: 1 | -1): number | null {
  if (!queue) return null;
  const at = queue.numbers.indexOf(number);
  if (at < 0) return null;
  return queue.numbers[at + step] ?? null;
}

/** The issue a list or board had selected, by its path; survives leaving and coming back. */
const positions = new Map<string, number>();

export const rememberPosition = (from: string, number: number) => positions.set(from, number);
export const positionOf = (from: string): number | null => positions.get(from) ?? null;
