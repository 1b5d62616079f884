// What other screens ask of an issue's composer: put a reply taken back into it (Undo), or
// fill it with a macro picked in the command palette or by shortcut — as an editable draft,
// never sent from there.
import { useEffect } from "react";
import { previewMacro } from "../../api/client";
import type { Macro } from "../../api/types";
import { createStore, useStore } from "../../ui/store";
import { showError } from "../../ui/toasts";
import { type ComposerMode, requestComposer } from "../issue/focus";
import { restoreRequest } from "./undoSend";

export const macroRequest = createStore<{ number: number; macro: Macro } | null>(null);

/** Opens the macro as a draft in the composer (the caller navigates to the issue). */
export function draftMacro(number: number, macro: Macro) {
  macroRequest.set({ number, macro });
  requestComposer(macro.internal ? "internal" : "public");
}

export function useComposerRequests(
  number: number,
  restore: (body: string, mode: ComposerMode) => void,
  onMacro: (macro: Macro, body: string) => void,
) {
  const restoring = useStore(restoreRequest);
  const macro = useStore(macroRequest);

  useEffect(() => {
    if (restoring?.number !== number) return;
    restoreRequest.set(null);
    restore(restoring.body, restoring.mode);
  }, [restoring, number, restore]);

  useEffect(() => {
    if (macro?.number !== number) return;
    macroRequest.set(null);
    previewMacro(number, macro.macro.id).then(
      ({ body }) => onMacro(macro.macro, body),
      (error) => showError(`Could not open “${macro.macro.name}”`, error),
    );
  }, [macro, number, onMacro]);
}
