// Name a new token, then show its secret exactly once with a copy button.

import { useState } from "react";
import { type CreatedToken, createToken } from "../api";
import { TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { useFormErrors } from "../formErrors";
import { SecretReveal } from "../SecretReveal";
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
  return (
    <SecretReveal
      title={`Token “${token.name}” created`}
      notice="Copy this token now. It is shown only once — Switchboard stores only its hash."
      label="Secret"
      secret={token.token}
      onClose={onClose}
    />
  );
}
