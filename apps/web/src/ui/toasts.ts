// Short-lived messages: mostly "that change did not stick, here is why" after a rollback.

import { messageOf } from "./ErrorNotice";
import { createStore } from "./store";

export type Toast = { id: number; tone: "error" | "info"; text: string };

export const toasts = createStore<Toast[]>([]);
let nextId = 1;

export function showToast(text: string, tone: Toast["tone"] = "info", ms = 6000) {
  const id = nextId++;
  toasts.set((list) => [...list.slice(-3), { id, tone, text }]);
  setTimeout(() => dismissToast(id), ms);
}

export const showError = (prefix: string, error: unknown) => showToast(`${prefix}: ${messageOf(error)}`, "error", 9000);

export const dismissToast = (id: number) => toasts.set((list) => list.filter((t) => t.id !== id));
