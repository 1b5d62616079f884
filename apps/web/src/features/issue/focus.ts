// Client-only focus state: which issue the keyboard acts on (the open issue, or the selected
// row/card), and requests to focus the composer (r / n) or open the palette on a page (p).
import { createStore } from "../../ui/store";

export const focusedIssue = createStore<number | null>(null);

export type ComposerMode = "public" | "internal";
export const composerRequest = createStore<{ mode: ComposerMode; at: number } | null>(null);
export const requestComposer = (mode: ComposerMode) => composerRequest.set({ mode, at: Date.now() });

export type PalettePage = "root" | "priority" | "macro";
export const palette = createStore<{ open: boolean; page: PalettePage }>({ open: false, page: "root" });
export const openPalette = (page: PalettePage = "root") => palette.set({ open: true, page });
export const closePalette = () => palette.set({ open: false, page: "root" });
