// Add a person: name, email, role, and optionally a first password to hand over (this server
// sends no invitation email; without a password they cannot sign in with one yet).
import { useState } from "react";
import type { User } from "../../../api/types";
import { createUser, type UserInput } from "../api";
import { SelectField, TextField } from "../Fields";
import { FormDialog } from "../FormDialog";
import { type FieldErrors, useFormErrors } from "../formErrors";
import { useSettingsMutation } from "../useSettings";
import { ROLES } from "./UsersSection";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function UserDialog({ onClose }: { onClose: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<User["role"]>("member");
  const [password, setPassword] = useState("");
  const save = useSettingsMutation((input: UserInput) => createUser(input));
  const errors = useFormErrors(() => {
    const problems: FieldErrors = {};
    if (!name.trim()) problems.name = "Enter their name.";
    if (!EMAIL.test(email.trim())) problems.email = "Enter a valid email address.";
    if (password && password.length < 8) problems.password = "At least 8 characters.";
    return problems;
  }, save.error);

  const submit = () => {
    if (!errors.passes()) return save.reset();
    save.mutate(
      { name: name.trim(), email: email.trim(), role, ...(password ? { password } : {}) },
      { onSuccess: onClose },
    );
  };

  return (
    <FormDialog
      title="Add user"
      onClose={onClose}
      onSubmit={submit}
      submitLabel="Add user"
      pending={save.isPending}
      error={errors.general}
    >
      <div className="form-grid-2">
        <TextField label="Name" value={name} onChange={setName} maxLength={200} error={errors.fields.name} autoFocus />
        <TextField label="Email" type="email" value={email} onChange={setEmail} error={errors.fields.email} />
        <SelectField
          label="Role"
          value={role}
          onChange={(v) => setRole(v as User["role"])}
          options={ROLES}
          error={errors.fields.role}
        />
        <TextField
          label="First password (optional)"
          type="password"
          value={password}
          onChange={setPassword}
          error={errors.fields.password}
          hint="Share it with them privately. No invitation email is sent."
        />
      </div>
    </FormDialog>
  );
}
