// Name a new token, then show its secret exactly once with a copy button.
import { useState } from "react";
import { type CreatedToken, createToken } from "../api";
import { TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";

export function TokenDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const save = useSettingsMutation((tokenName: string) => createToken(tokenName));
  const errors = useFormErrors(
    () => (name.trim() ? {} : { name: "Name the token after what will use it." }),
    save.error,
  );

  if (save.data) return <Reveal token={save.data} onClose={onClose} />;

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(name.trim());
  };
  return (
    <FormDialog
      title="New API token"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Create token"
      pending={save.isPending}
      error={errors.general}
    >
      <TextField
        label="Token name"
        value={name}
        onChange={setName}
        maxLength={200}
        placeholder="e.g. CRM sync, nightly export"
        error={errors.fields.name}
        autoFocus
      />
    </FormDialog>
  );
}

function Reveal({ token, onClose }: { token: CreatedToken; onClose: () => void }) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("yes");
    } catch {
      // Clipboard access needs a secure context or permission; the field is selectable instead.
      setCopied("failed");
    }
  };
  return (
    <FormDialog title={`Token “${token.name}” created`} onClose={onClose}>
      <p className="notice warn" role="status">
        Copy this token now. It is shown only once — Switchboard stores only its hash.
      </p>
      <div className="secret-row">
        <label className="field grow">
          <span>Secret</span>
          <input
            readOnly
            className="secret"
            value={token.token}
            onFocus={(e) => e.currentTarget.select()}
            aria-describedby="token-copy-status"
          />
        </label>
        <button type="button" className="button primary" onClick={copy}>
          Copy
        </button>
      </div>
      <p id="token-copy-status" className="field-hint" aria-live="polite">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "The browser blocked the clipboard: select the field and copy it by hand."}
      </p>
    </FormDialog>
  );
}
