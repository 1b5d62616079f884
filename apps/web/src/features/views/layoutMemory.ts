// The layout an agent toggled per view, remembered in this browser; the view's saved layout
// stays the default for everyone else (change it in the view editor).
import type { ViewLayout } from "../../api/types";
import { createStore } from "../../ui/store";

const KEY = "switchboard.viewLayouts";

function load(): Record<string, ViewLayout> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, ViewLayout>) : {};
  } catch {
    return {}; // storage disabled or corrupt: fall back to each view's saved layout
  }
}

export const layoutOverrides = createStore<Record<string, ViewLayout>>(load());

export function setLayoutOverride(viewId: string, layout: ViewLayout) {
  layoutOverrides.set((all) => ({ ...all, [viewId]: layout }));
  try {
    localStorage.setItem(KEY, JSON.stringify(layoutOverrides.get()));
  } catch {
    // Not persisting is fine: the toggle still works for this session.
  }
}
