// The dialog that shows a new secret exactly once (API tokens, webhook signing secrets, widget
// identity secrets): a warning, the secret in a selectable field and a copy button that says
// whether the browser let it reach the clipboard.
import { type ReactNode, useId, useState } from "react";
import { FormDialog } from "./FormDialog";

interface SecretRevealProps {
  title: string;
  /** Why to copy it now and where it goes; "shown only once" is the point of the dialog. */
  notice: ReactNode;
  label: string;
  secret: string;
  onClose: () => void;
  /** What else the reader needs beside the secret (how to use it, an embed snippet). */
  children?: ReactNode;
}

export function SecretReveal({ title, notice, label, secret, onClose, children }: SecretRevealProps) {
  const statusId = useId();
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context or permission; the field is selectable instead.
      setCopied("failed");
    }
  };
  return (
    <FormDialog title={title} onClose={onClose}>
      <p className="notice warn" role="status">
        {notice}
      </p>
      <div className="secret-row">
        <label className="field grow">
          <span>{label}</span>
          <input
            readOnly
            className="secret"
            value={secret}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby={statusId}
          />
        </label>
        <button type="button" className="button primary" onClick={copy}>
          Copy
        </button>
      </div>
      <p id={statusId} className="field-hint" aria-live="polite">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "The browser blocked the clipboard: select the field and copy it by hand."}
      </p>
      {children}
    </FormDialog>
  );
}
