// The portal's one way to the server: same-origin fetch to /portal/api with the portal session
// cookie (SameSite=Strict, set by the login), the one error shape turned into PortalError.
import type {
  Csat,
  Items,
  PortalFormView,
  PortalHelpArticle,
  PortalIssue,
  PortalMe,
  PortalSite,
  PortalThread,
} from "@switchboard/api";

export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "PortalError";
  }
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/portal/api${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Accept: "application/json", ...(body !== undefined && { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new PortalError(0, "network_error", "Cannot reach the support portal. Check your connection.");
  }
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new PortalError(
      response.status,
      error?.code ?? "internal",
      error?.message ?? "Something went wrong.",
      error?.details,
    );
  }
  return json as T;
}

/** The workspace domain the portal URL names: /portal/<domain>/… */
export const siteDomain = (): string => window.location.pathname.split("/")[2] ?? "";
export const portalBase = (): string => `/portal/${siteDomain()}`;

export interface Submission {
  subject: string;
  description: string;
  fields: Record<string, string | number | string[]>;
  files?: { filename: string; contentType: string; data: string }[];
  clientId: string;
}

export interface HelpHit {
  id: string;
  title: string;
  /** The help center's page, or the portal's for an article meant for the customer's account type. */
  url: string | null;
  highlight: string;
}

export const portalApi = {
  site: () => call<PortalSite>(`/site?site=${encodeURIComponent(siteDomain())}`),
  me: () => call<PortalMe>("/me"),
  askForLogin: (email: string) => call<{ ok: boolean }>("/login", { email, site: siteDomain() }),
  logInWithCode: (email: string, code: string) => call<PortalMe>("/login/code", { email, code, site: siteDomain() }),
  logInWithLink: (token: string) => call<PortalMe>("/login/link", { token }),
  logOut: () => call<{ ok: boolean }>("/logout", {}),
  forms: () => call<Items<PortalFormView>>("/forms"),
  submit: (formId: string, submission: Submission) => call<PortalThread>(`/forms/${formId}/submit`, submission),
  issues: (scope: "mine" | "account") => call<Items<PortalIssue>>(`/issues?scope=${scope}`),
  issue: (number: number) => call<PortalThread>(`/issues/${number}`),
  reply: (number: number, text: string) =>
    call<PortalThread>(`/issues/${number}/messages`, { text, clientId: crypto.randomUUID() }),
  rate: (number: number, score: number, comment?: string) =>
    call<Csat>(`/issues/${number}/csat`, { score, ...(comment && { comment }) }),
  /** The help center's articles this customer may read: public ones and their account type's. */
  searchHelp: async (q: string): Promise<HelpHit[]> =>
    (await call<{ items: HelpHit[] }>(`/help/search?q=${encodeURIComponent(q)}`)).items,
  article: (slug: string) => call<PortalHelpArticle>(`/help/articles/${encodeURIComponent(slug)}`),
};
