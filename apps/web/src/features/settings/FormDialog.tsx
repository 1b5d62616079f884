// A modal form: native <dialog> (focus trapped, Esc closes), a head with a close button, the
// fields, a form-level error, and Cancel / submit in the foot.
import { type FormEvent, type ReactNode, useEffect, useId, useRef } from "react";

type Props = {
  title: string;
  onClose: () => void;
  onSubmit?: () => void;
  submitLabel?: string;
  pending?: boolean;
  error?: string | null;
  wide?: boolean;
  children: ReactNode;
  /** Extra buttons on the left of the foot (e.g. Delete). */
  extra?: ReactNode;
};

export function FormDialog({ title, onClose, onSubmit, submitLabel, pending, error, wide, children, extra }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    // Closing by unmounting (Cancel, after a save) skips the browser's own focus return.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    ref.current?.showModal();
    return () => opener?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit?.();
  };
  return (
    <dialog
      ref={ref}
      className={wide ? "dialog settings-dialog wide" : "dialog settings-dialog"}
      aria-labelledby={titleId}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <header className="dialog-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {error && (
          <p className="notice error form-error" role="alert">
            {error}
          </p>
        )}
        <footer className="dialog-foot">
          {extra}
          <span className="grow" />
          <button type="button" className="button" onClick={onClose}>
            {onSubmit ? "Cancel" : "Close"}
          </button>
          {onSubmit && (
            <button type="submit" className="button primary" disabled={pending}>
              {pending ? "Saving…" : (submitLabel ?? "Save")}
            </button>
          )}
        </footer>
      </form>
    </dialog>
  );
}
