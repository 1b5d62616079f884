// First run (SWITCHBOARD_DEMO=0, empty database): the workspace and its first admin. The setup
// token printed in the server's log proves the person can read that log — nobody else on the
// network can claim the instance first.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorNotice } from "../../ui/ErrorNotice";
import { AuthCard } from "./AuthCard";
import { completeSetup } from "./api";
import { isStrong, NewPasswordInput } from "./PasswordInput";
import { useSignedIn } from "./useSignedIn";

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function SetupPage() {
  const signedIn = useSignedIn();
  const [token, setToken] = useState("");
  const [workspace, setWorkspace] = useState("");
  const [domains, setDomains] = useState("");
  const [timeZone, setTimeZone] = useState(browserZone);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const setup = useMutation({ mutationFn: completeSetup, onSuccess: signedIn });
  const domainList = domains
    .split(/[\s,]+/)
    .map((d) => d.trim().replace(/^@/, "").toLowerCase())
    .filter(Boolean);

  const submit = () =>
    setup.mutate({
      token: token.trim(),
      workspace: { name: workspace.trim(), domains: domainList, timeZone: timeZone.trim() },
      admin: { name: name.trim(), email: email.trim(), password },
    });

  return (
    <AuthCard
      wide
      title="Set up Switchboard"
      subtitle="Create your team's workspace and its first admin."
      onSubmit={submit}
    >
      <div className="field">
        <label>
          <span>Setup token</span>
          <input
            name="setup-token"
            required
            autoComplete="off"
            spellCheck={false}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="sbsetup_…"
          />
        </label>
        <span className="password-hint">Printed in the server's log when it started (“setup token: …”).</span>
      </div>
      <fieldset className="auth-group">
        <legend>Workspace</legend>
        <div className="field">
          <label>
            <span>Company or team name</span>
            <input name="workspace" required value={workspace} onChange={(e) => setWorkspace(e.target.value)} />
          </label>
          <label className="field">
            <span>Your company's email domains</span>
            <input
              name="domains"
              required
              value={domains}
              onChange={(e) => setDomains(e.target.value)}
              placeholder="acme.com, acme.io"
            />
          </label>
          <span className="password-hint">Mail from these domains is from colleagues, never customers.</span>
        </div>
        <label className="field">
          <span>Time zone</span>
          <input name="time-zone" required value={timeZone} onChange={(e) => setTimeZone(e.target.value)} />
        </label>
      </fieldset>
      <fieldset className="auth-group">
        <legend>First admin (you)</legend>
        <label className="field">
          <span>Name</span>
          <input name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <NewPasswordInput label="Password" value={password} onChange={setPassword} person={{ email, name }} />
      </fieldset>
      {setup.isError && <ErrorNotice error={setup.error} />}
      <button
        type="submit"
        className="button primary"
        disabled={setup.isPending || !isStrong(password, { email, name })}
      >
        {setup.isPending ? "Creating…" : "Create workspace"}
      </button>
    </AuthCard>
  );
}
