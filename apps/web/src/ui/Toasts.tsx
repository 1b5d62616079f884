// Renders the toast stack in a polite live region, bottom right, out of the layout flow. A
// toast with an action (Undo) runs it once and goes away.
import { useStore } from "./store";
import { dismissToast, type Toast, toasts } from "./toasts";

export function Toasts() {
  const list = useStore(toasts);
  return (
    <div className="toasts" aria-live="polite">
      {list.map((toast) => (
        <div key={toast.id} className={`toast ${toast.tone}`} role={toast.tone === "error" ? "alert" : "status"}>
          <span>{toast.text}</span>
          {toast.action && (
            <button type="button" className="button small toast-action" onClick={() => runToastAction(toast)}>
              {toast.action.label}
            </button>
          )}
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismissToast(toast.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}

export function runToastAction(toast: Toast) {
  dismissToast(toast.id);
  void toast.action?.run();
}
