// Pick a macro: its preview (variables filled in for this issue) goes into the composer, where
// the agent can edit it; sending applies the macro with that text and runs its actions.
import { useState } from "react";
import { previewMacro } from "../../api/client";
import type { Macro } from "../../api/types";
import { showError } from "../../ui/toasts";
import { useMacros } from "../directory/useDirectory";

type Props = { number: number; onPick: (macro: Macro, body: string) => void };

export function MacroPicker({ number, onPick }: Props) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const [loading, setLoading] = useState<string | null>(null);
  const macros = useMacros();
  const shown = (macros.data ?? []).filter((m) => m.name.toLowerCase().includes(filter.trim().toLowerCase()));

  const pick = async (macro: Macro) => {
    setLoading(macro.id);
    try {
      const { body } = await previewMacro(number, macro.id);
      onPick(macro, body);
      setOpen(false);
      setFilter("");
    } catch (error) {
      showError(`Could not preview “${macro.name}”`, error);
    } finally {
      setLoading(null);
    }
  };

  return (
    <div className="macro-picker">
      <button type="button" className="button small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        Macros
      </button>
      {open && (
        <div className="popover macro-menu" role="dialog" aria-label="Macros">
          <input
            // biome-ignore lint/a11y/noAutofocus: the menu was opened to type a macro name
            autoFocus
            aria-label="Filter macros"
            placeholder="Find a macro…"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") setOpen(false);
              const first = shown[0];
              if (e.key === "Enter" && first) {
                e.preventDefault();
                void pick(first);
              }
            }}
          />
          {macros.isPending && <p className="state-line">Loading…</p>}
          {macros.isError && <p className="inline-error">Macros did not load.</p>}
          {macros.isSuccess && shown.length === 0 && <p className="state-line empty">No macros.</p>}
          <ul>
            {shown.map((m) => (
              <li key={m.id}>
                <button type="button" className="menu-item" onClick={() => pick(m)} disabled={loading !== null}>
                  <span>{m.name}</span>
                  {m.internal && <span className="muted">note</span>}
                  {loading === m.id && <span className="muted">…</span>}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
