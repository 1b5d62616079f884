// Single sign-on (OpenID Connect): the provider's issuer, client id and secret (write-only), the
// role of people created at first sign-in, allowed email domains, and switching password login
// off once an admin has signed in with SSO (the server refuses it before, with a reason).
import type { SsoSettings } from "@switchboard/api";
import { roles } from "@switchboard/api/vocabulary";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { request } from "../../../api/client";
import { ErrorNotice } from "../../../ui/ErrorNotice";
import { showToast } from "../../../ui/toasts";
import { useCanEdit } from "../access";
import { Section } from "../Section";
import { useSettingsMutation } from "../useSettings";

type Input = {
  issuerUrl: string;
  clientId: string;
  clientSecret?: string;
  defaultRole: SsoSettings["defaultRole"];
  allowedDomains: string[];
  enabled: boolean;
};
const save = (input: Input) => request<SsoSettings>("/sso/settings", { method: "PUT", body: input });
const setPasswordLogin = (disabled: boolean) =>
  request<SsoSettings>("/sso/password-login", { method: "PUT", body: { disabled } });

export function SecuritySection() {
  const canEdit = useCanEdit();
  const sso = useQuery({
    queryKey: ["directory", "settings", "/sso/settings"],
    queryFn: ({ signal }) => request<SsoSettings>("/sso/settings", { signal }),
    enabled: canEdit,
  });
  return (
    <Section
      title="Security"
      description="Single sign-on with your identity provider (OpenID Connect), and whether people may still sign in with a password."
    >
      {!canEdit ? (
        <p className="state-line">Only admins manage sign-in.</p>
      ) : sso.isPending ? (
        <p className="state-line" aria-busy="true">
          Loading sign-in settings…
        </p>
      ) : sso.isError ? (
        <ErrorNotice error={sso.error} onRetry={() => sso.refetch()} />
      ) : (
        <>
          <SsoForm key={JSON.stringify(sso.data)} current={sso.data} />
          <PasswordLogin current={sso.data} />
        </>
      )}
    </Section>
  );
}

function SsoForm({ current }: { current: SsoSettings }) {
  const [issuerUrl, setIssuerUrl] = useState(current.issuerUrl ?? "");
  const [clientId, setClientId] = useState(current.clientId ?? "");
  const [clientSecret, setClientSecret] = useState("");
  const [defaultRole, setDefaultRole] = useState(current.defaultRole);
  const [domains, setDomains] = useState(current.allowedDomains.join(", "));
  const [enabled, setEnabled] = useState(current.configured ? current.enabled : true);
  const mutation = useSettingsMutation(save);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    mutation.mutate(
      {
        issuerUrl: issuerUrl.trim(),
        clientId: clientId.trim(),
        ...(clientSecret && { clientSecret }),
        defaultRole,
        allowedDomains: domains
          .split(/[\s,]+/)
          .map((d) => d.trim())
          .filter(Boolean),
        enabled,
      },
      { onSuccess: () => showToast("Single sign-on saved.") },
    );
  };
  return (
    <form className="account-card workspace-form" onSubmit={submit} aria-label="Single sign-on">
      <h3>Single sign-on (OpenID Connect)</h3>
      <div className="field">
        <label>
          <span>Issuer URL</span>
          <input
            name="issuer-url"
            type="url"
            required
            placeholder="https://login.example.com"
            value={issuerUrl}
            onChange={(e) => setIssuerUrl(e.target.value)}
          />
        </label>
        <span className="password-hint">Its /.well-known/openid-configuration is read when someone signs in.</span>
      </div>
      <label className="field">
        <span>Client ID</span>
        <input name="client-id" required value={clientId} onChange={(e) => setClientId(e.target.value)} />
      </label>
      <div className="field">
        <label>
          <span>Client secret</span>
          <input
            name="client-secret"
            type="password"
            autoComplete="off"
            placeholder={current.clientSecretSet ? "•••••••• (stored; type to replace)" : "none (public client)"}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
          />
        </label>
        <span className="password-hint">
          Register this redirect URI at the provider: <code>{current.redirectUri}</code>
        </span>
      </div>
      <label className="field">
        <span>Role of people created at their first sign-in</span>
        <select
          name="default-role"
          value={defaultRole}
          onChange={(e) => setDefaultRole(e.target.value as SsoSettings["defaultRole"])}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <div className="field">
        <label>
          <span>Allowed email domains</span>
          <input name="allowed-domains" value={domains} onChange={(e) => setDomains(e.target.value)} />
        </label>
        <span className="password-hint">Comma-separated; empty allows any address the provider vouches for.</span>
      </div>
      <label className="checkbox">
        <input type="checkbox" name="sso-enabled" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
        <span>Single sign-on enabled</span>
      </label>
      {mutation.isError && <ErrorNotice error={mutation.error} />}
      <button type="submit" className="button primary" disabled={mutation.isPending}>
        Save single sign-on
      </button>
    </form>
  );
}

function PasswordLogin({ current }: { current: SsoSettings }) {
  const mutation = useSettingsMutation(setPasswordLogin);
  const toggle = () =>
    mutation.mutate(!current.passwordLoginDisabled, {
      onSuccess: (s) => showToast(s.passwordLoginDisabled ? "Password login disabled." : "Password login allowed."),
    });
  return (
    <section className="account-card workspace-form" aria-label="Password login">
      <h3>Password login</h3>
      <p className="muted">
        {current.passwordLoginDisabled
          ? "Disabled: people sign in with SSO only. If SSO breaks, the owner runs `switchboard workspace allow-password --domain …`."
          : current.verifiedAt
            ? "Allowed. SSO has worked for an admin, so password login can be turned off."
            : "Allowed. An admin must sign in with SSO once before password login can be turned off."}
      </p>
      {mutation.isError && <ErrorNotice error={mutation.error} />}
      <button type="button" className="button" onClick={toggle} disabled={mutation.isPending}>
        {current.passwordLoginDisabled ? "Allow password login" : "Disable password login"}
      </button>
    </section>
  );
}
