// The one way the web app talks to the server: same-origin fetch with the session cookie, the
// CSRF token on every write, and the server's `{ error: { code, message } }` turned into ApiError.
import type { Items, MacroPreview, NotificationList, NotificationsMarked, Ok, ViewCounts } from "@switchboard/api";
import type {
  Account,
  AiDecision,
  Attachment,
  Credentials,
  CustomField,
  Issue,
  IssueEvent,
  IssuePatch,
  Macro,
  Message,
  Page,
  Person,
  Session,
  Tag,
  Team,
  View,
  ViewInput,
  ViewPatch,
} from "./types";

const BASE = "/api/v1";

// Kept in memory only: the session cookie is HTTP-only, and the token is re-read from /auth/me on load.
let csrfToken: string | null = null;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type RequestOptions = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; signal?: AbortSignal };

/** Exported for feature modules with their own endpoints (settings); same CSRF and error handling. */
export async function request<T>(path: string, { method = "GET", body, signal }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "Cannot reach the Switchboard server. Check your connection.");
  }
  const payload: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response.status, payload);
  // The server validates its responses against its schemas; we trust the shape here.
  return payload as T;
}

/**
 * Uploads a file for a reply (base64 in JSON, as every other body), reporting the share of bytes
 * sent: fetch cannot report upload progress, so this one request is an XMLHttpRequest.
 */
export function uploadReplyFile(
  number: number,
  file: { name: string; type: string; dataBase64: string },
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${BASE}/issues/${number}/attachments`);
    xhr.setRequestHeader("Content-Type", "application/json");
    xhr.setRequestHeader("Accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let payload: unknown = null;
      try {
        payload = JSON.parse(xhr.responseText);
      } catch {
        payload = null; // not JSON (a proxy's page): reported by status below
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(payload as Attachment);
      else if (xhr.status === 413) reject(new ApiError(413, "too_large", `"${file.name}" is too large to upload.`));
      else reject(toApiError(xhr.status, payload));
    };
    xhr.onerror = () =>
      reject(new ApiError(0, "network_error", "Cannot reach the Switchboard server. Check your connection."));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(JSON.stringify({ filename: file.name, contentType: file.type || undefined, dataBase64: file.dataBase64 }));
  });
}

function toApiError(status: number, payload: unknown): ApiError {
  if (isErrorBody(payload)) {
    const { code, message, details } = payload.error;
    return new ApiError(status, code, message, details);
  }
  return new ApiError(status, "http_error", `The server answered ${status}. Please try again.`);
}

function isErrorBody(value: unknown): value is { error: { code: string; message: string; details?: unknown } } {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const error = value.error;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}

export const isUnauthenticated = (error: unknown) => error instanceof ApiError && error.code === "unauthenticated";

function remember(session: Session): Session {
  csrfToken = session.csrfToken;
  return session;
}

// ---- auth ---------------------------------------------------------------------------------

/** The current session, or null when nobody is signed in. */
export async function fetchSession(signal?: AbortSignal): Promise<Session | null> {
  try {
    return remember(await request<Session>("/auth/me", { signal }));
  } catch (error) {
    if (isUnauthenticated(error)) return null;
    throw error;
  }
}

export async function login(credentials: Credentials): Promise<Session> {
  return remember(await request<Session>("/auth/login", { method: "POST", body: credentials }));
}

export async function logout(): Promise<void> {
  await request<Ok>("/auth/logout", { method: "POST" });
  csrfToken = null;
}

/** A session the server opened some other way than the login form (setup, invitation, password link). */
export function rememberSession(session: Session): Session {
  return remember(session);
}

export function forgetSession() {
  csrfToken = null;
}

// ---- issues -------------------------------------------------------------------------------

export type IssueQuery = {
  q?: string;
  state?: string;
  assignee?: string;
  account?: string;
  limit?: number;
  cursor?: string | null;
};

/** Empty parameters are left out: the server rejects e.g. `state=` as an invalid state. */
function query(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}

export const listIssues = (filter: IssueQuery, signal?: AbortSignal) =>
  request<Page<Issue>>(`/issues${query({ limit: 50, ...filter })}`, { signal });

export const getIssue = (number: number, signal?: AbortSignal) => request<Issue>(`/issues/${number}`, { signal });

export const updateIssue = (number: number, patch: IssuePatch) =>
  request<Issue>(`/issues/${number}`, { method: "PATCH", body: patch });

export const listMessages = (number: number, signal?: AbortSignal) =>
  request<Items<Message>>(`/issues/${number}/messages`, { signal });

export const postMessage = (
  number: number,
  visibility: "public" | "internal",
  body: string,
  cc?: string[],
  attachmentIds?: string[],
) =>
  request<Message>(`/issues/${number}/messages`, {
    method: "POST",
    body: { visibility, body, ...(cc?.length && { cc }), ...(attachmentIds?.length && { attachmentIds }) },
  });

/** Sends a failed or unsent public reply again (202; the thread shows its new delivery state). */
export const resendMessage = (id: string) => request<Ok>(`/messages/${id}/resend`, { method: "POST", body: {} });

export const listEvents = (number: number, signal?: AbortSignal) =>
  request<Items<IssueEvent>>(`/issues/${number}/events`, { signal });

/** AI decisions; null when this server has no decisions endpoint (404 on the route itself). */
export async function listDecisions(number: number, signal?: AbortSignal): Promise<AiDecision[] | null> {
  try {
    return (await request<Items<AiDecision>>(`/issues/${number}/decisions`, { signal })).items;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && error.message.startsWith("No route")) return null;
    throw error;
  }
}

/** Fills the issue's empty AI custom fields now; returns the decisions recorded. */
export const fillAiFields = (number: number) =>
  request<Items<AiDecision>>(`/issues/${number}/ai-fields`, { method: "POST", body: {} });

export const overrideDecision = (id: string, body: Record<string, unknown>) =>
  request<unknown>(`/ai-decisions/${id}/override`, { method: "POST", body });

// ---- macros & notifications ------------------------------------------------------------------

export const listMacros = (signal?: AbortSignal) => request<Items<Macro>>("/macros", { signal });

export const previewMacro = (number: number, macroId: string, signal?: AbortSignal) =>
  request<MacroPreview>(`/issues/${number}/macros/${macroId}/preview`, { signal });

export const applyMacro = (number: number, macroId: string, body?: string, cc?: string[]) =>
  request<Issue>(`/issues/${number}/macros/${macroId}/apply`, {
    method: "POST",
    body: { ...(body !== undefined && { body }), ...(cc?.length && { cc }) },
  });

export const listNotifications = (signal?: AbortSignal) => request<NotificationList>("/notifications", { signal });

export const markNotificationsRead = (ids: string[] | "all") =>
  request<NotificationsMarked>("/notifications/read", { method: "POST", body: { ids } });

// ---- views ---------------------------------------------------------------------------------

export const listViews = (signal?: AbortSignal) => request<Items<View>>("/views", { signal });

export const viewCounts = (signal?: AbortSignal) => request<ViewCounts>("/views/counts", { signal });

export const listViewIssues = (
  id: string,
  params: { state?: string; limit?: number; cursor?: string | null; closedSince?: string },
  signal?: AbortSignal,
) => request<Page<Issue>>(`/views/${id}/issues${query({ limit: 50, ...params })}`, { signal });

export const createView = (input: ViewInput) => request<View>("/views", { method: "POST", body: input });

export const updateView = (id: string, patch: ViewPatch) =>
  request<View>(`/views/${id}`, { method: "PATCH", body: patch });

export const deleteView = (id: string) => request<Ok>(`/views/${id}`, { method: "DELETE" });

// ---- directory -----------------------------------------------------------------------------

export const listUsers = (signal?: AbortSignal) => request<Items<Person>>("/users", { signal });
export const listTeams = (signal?: AbortSignal) => request<Items<Team>>("/teams", { signal });
export const listTags = (signal?: AbortSignal) => request<Items<Tag>>("/tags", { signal });
export const listCustomFields = (signal?: AbortSignal) => request<Items<CustomField>>("/custom-fields", { signal });
export const listAccounts = (signal?: AbortSignal) => request<Page<Account>>("/accounts?limit=200", { signal });
export const getAccount = (id: string, signal?: AbortSignal) => request<Account>(`/accounts/${id}`, { signal });
