// Single-key shortcuts, Linear style. One document listener; screens register layers of
// bindings and the most recent layer wins. Nothing fires while the user is typing or a
// dialog has focus, and "g" starts a two-key sequence ("g v", "g i").
import { useEffect, useRef } from "react";

export type Bindings = Record<string, (event: KeyboardEvent) => void>;

const layers: { current: Bindings }[] = [];
let pendingG = 0;
const SEQUENCE_MS = 1200;

export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  const type = (target as HTMLInputElement).type;
  return !["checkbox", "radio", "button", "submit", "reset"].includes(type);
}

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  if (isTypingTarget(event.target)) return;
  // An open dialog owns the keyboard; a closed one that still holds focus (React unmounts it a
  // moment after the browser closes it) does not.
  if (event.target instanceof Element && event.target.closest("dialog[open], [role=dialog]")) return;
  let key = event.key;
  if (pendingG && Date.now() - pendingG < SEQUENCE_MS) {
    key = `g ${key}`;
    pendingG = 0;
  } else if (key === "g") {
    pendingG = Date.now();
    return;
  }
  for (let i = layers.length - 1; i >= 0; i--) {
    const handler = layers[i]?.current[key];
    if (handler) {
      event.preventDefault();
      handler(event);
      return;
    }
  }
}

/** Registers `bindings` while mounted; they see the latest props without re-registering. */
export function useHotkeys(bindings: Bindings, enabled = true) {
  const ref = useRef(bindings);
  ref.current = bindings;
  useEffect(() => {
    if (!enabled) return;
    const layer = ref;
    if (layers.length === 0) document.addEventListener("keydown", onKeyDown);
    layers.push(layer);
    return () => {
      layers.splice(layers.indexOf(layer), 1);
      if (layers.length === 0) document.removeEventListener("keydown", onKeyDown);
    };
  }, [enabled]);
}

export const SHORTCUTS: [keys: string, what: string][] = [
  ["⌘K / Ctrl K", "Command palette: search issues, go to a view, run an action"],
  ["j / k", "Next / previous issue in a list, a column, or (on an issue) the view you came from"],
  ["Enter", "Open the selected issue"],
  ["Esc", "On an issue: back to the list or board, the issue still selected"],
  ["r", "Reply to the customer"],
  ["n", "Write an internal note"],
  ["⇧⌘↵ / Ctrl ⇧ Enter", "Send the reply and open the next issue of the view"],
  ["m", "Macro menu: the macro opens as a draft to edit, nothing is sent"],
  ["a", "Assign to me"],
  ["p", "Priority menu"],
  ["1 – 4", "Priority urgent / high / medium / low"],
  ["e", "Close the issue"],
  ["i", "On an issue: ask in an internal Slack channel (#bugs-daily …)"],
  ["l", "Insert a link to the selected knowledge-base article into the reply"],
  ["b", "Search the knowledge base beside the issue"],
  ["z", "Undo the last change made by key, or take back the reply just sent"],
  ["g then v", "Go to your view (your team's queue, else My issues)"],
  ["g then i", "Go to my issues"],
  ["g then n", "Open notifications"],
  ["x / ⇧X", "Select the issue for a bulk change / select the range up to it (or shift-click)"],
  ["a t s p l e (with a selection)", "Assign, move team, state, priority, tags, close: every selected issue"],
  ["]", "On an issue below 1200 px wide: show or hide the details panel"],
  ["?", "Show this list"],
  ["Esc", "Close a dialog or menu"],
];
