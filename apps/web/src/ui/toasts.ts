// Short-lived messages: "that change did not stick, here is why" after a rollback, and "done"
// with an Undo for changes made by key (close, assign, priority) and replies in their undo window.

import { messageOf } from "./ErrorNotice";
import { createStore } from "./store";

export type ToastAction = { label: string; run: () => void | Promise<void> };
export type Toast = { id: number; tone: "error" | "info"; text: string; action?: ToastAction };

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

/** At most this many at once: a burst (a reorder's several failed writes) must not fill the screen. */
const MAX_TOASTS = 3;

export function showToast(text: string, tone: Toast["tone"] = "info", ms = 6000, action?: ToastAction) {
  const id = nextId++;
  // The same message again replaces the one shown (and its time starts over) instead of stacking.
  const same = (t: Toast) => !t.action && !action && t.tone === tone && t.text === text;
  toasts.set((list) => [...list.filter((t) => !same(t)).slice(-(MAX_TOASTS - 1)), { id, tone, text, action }]);
  setTimeout(() => dismissToast(id), ms);
  return id;
}

export const showError = (prefix: string, error: unknown) => showToast(`${prefix}: ${messageOf(error)}`, "error", 9000);

export const dismissToast = (id: number) => toasts.set((list) => list.filter((t) => t.id !== id));

/** The newest toast that offers an action (what `z` undoes). */
export const latestAction = (): Toast | undefined => [...toasts.get()].reverse().find((t) => t.action);
