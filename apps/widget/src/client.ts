// The widget's calls to the customer API (/widget/api) and its live socket, with the session
// token from boot kept per app and user in localStorage (an anonymous visitor keeps their
// conversation across page loads of the same browser).
import type { WidgetConversation, WidgetSession, WidgetThread } from "@switchboard/api";

export interface BootUser {
  email?: string;
  name?: string;
  userHash?: string;
}

/** A file as the API takes it: its bytes in base64. */
export interface WidgetUpload {
  filename: string;
  contentType: string;
  data: string;
}

/** Reads a picked file into the API's shape. */
export async function upload(file: File): Promise<WidgetUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { filename: file.name, contentType: file.type || "application/octet-stream", data: btoa(binary) };
}

/** The customer search's answer (apps/server/src/http/help.ts), its addresses absolute. */
export interface HelpResults {
  helpCenter: string;
  /** `highlight`: the passage as HTML whose only tags are `<mark>`, the rest escaped. */
  items: { id: string; title: string; url: string; highlight: string }[];
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An agent typing a reply in conversation `number`. */
export type TypingListener = (number: number, name: string) => void;

export class WidgetClient {
  private token: string | undefined;
  private socket: WebSocket | undefined;
  private typingAt = new Map<number, number>();

  constructor(
    private readonly base: string,
    private readonly appId: string,
    private readonly user: BootUser | undefined,
  ) {}

  private get storageKey() {
    return `switchboard:${this.appId}:${this.user?.email ?? "visitor"}`;
  }

  /** A stored session when it still works, else a new one. */
  async boot(): Promise<void> {
    try {
      this.token = localStorage.getItem(this.storageKey) ?? undefined;
    } catch {
      // Storage may be blocked (third-party context): the session lasts this page load.
      this.token = undefined;
    }
    if (this.token) {
      try {
        await this.conversations();
        return;
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 401)) throw error;
      }
    }
    const session = await this.call<WidgetSession>("POST", "/boot", { appId: this.appId, user: this.user });
    this.token = session.token;
    try {
      localStorage.setItem(this.storageKey, session.token);
    } catch {
      // As above: no storage, no reuse.
    }
  }

  conversations = async () => (await this.call<{ items: WidgetConversation[] }>("GET", "/conversations")).items;
  thread = (n: number) => this.call<WidgetThread>("GET", `/conversations/${n}`);
  start = (text: string, fields: Record<string, unknown>, files: WidgetUpload[] = []) =>
    this.call<WidgetThread>("POST", "/conversations", {
      text,
      clientId: crypto.randomUUID(),
      fields,
      ...(files.length > 0 && { files }),
    });
  send = (n: number, text: string, files: WidgetUpload[] = []) =>
    this.call<WidgetThread>("POST", `/conversations/${n}/messages`, {
      text,
      clientId: crypto.randomUUID(),
      ...(files.length > 0 && { files }),
    });
  edit = (n: number, id: string, text: string) =>
    this.call<WidgetThread>("PATCH", `/conversations/${n}/messages/${id}`, { text });
  /** A message's file, fetched with the session token (a plain link could not carry it). */
  file = async (n: number, id: string): Promise<Blob> => {
    const response = await fetch(`${this.base}/widget/api/conversations/${n}/attachments/${id}`, {
      headers: this.token ? { "x-widget-token": this.token } : {},
    });
    if (!response.ok) throw new ApiError(response.status, "download_failed", "The file could not be downloaded.");
    return response.blob();
  };
  seen = (n: number) => this.call("POST", `/conversations/${n}/seen`, {});
  rate = (n: number, score: number, comment?: string) =>
    this.call("POST", `/conversations/${n}/csat`, comment ? { score, comment } : { score });

  /** Tells the agents the customer is typing in conversation `n` (at most every 2 s; never stored). */
  typing(n: number) {
    const now = Date.now();
    if (now - (this.typingAt.get(n) ?? 0) < 2_000 || this.socket?.readyState !== WebSocket.OPEN) return;
    this.typingAt.set(n, now);
    this.socket.send(JSON.stringify({ type: "typing", number: n }));
  }

  /** The live socket: "conversation N changed", and after every (re)connect a catch-up; agents typing. */
  live(onChange: (number: number | undefined) => void, onTyping: TypingListener): () => void {
    let socket: WebSocket | undefined;
    let stopped = false;
    let delay = 500;
    const connect = () => {
      if (stopped || !this.token) return;
      socket = new WebSocket(`${this.base.replace(/^http/, "ws")}/widget/ws?token=${encodeURIComponent(this.token)}`);
      this.socket = socket;
      socket.onmessage = (event) => {
        const message = JSON.parse(String(event.data)) as { kind: string; number?: number; name?: string };
        if (message.kind === "hello" || message.kind === "resync") {
          delay = 500;
          onChange(undefined);
        } else if (message.kind === "conversation") onChange(message.number);
        else if (message.kind === "typing" && message.number) onTyping(message.number, message.name ?? "Support");
      };
      socket.onclose = () => {
        if (stopped) return;
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 15_000);
      };
    };
    connect();
    return () => {
      stopped = true;
      socket?.close();
    };
  }

  /** Help-center articles for this customer (account-type ones too when verified); never internal ones. */
  searchHelp = async (q: string): Promise<HelpResults> => {
    const answer = await this.request<HelpResults>("GET", `/help/api/customer/search?${new URLSearchParams({ q })}`);
    // The server answers paths on itself; the host page is elsewhere.
    const at = (path: string) => new URL(path, this.base).href;
    return {
      helpCenter: at(answer.helpCenter),
      items: answer.items.map((item) => ({ ...item, url: at(item.url) })),
    };
  };

  private call<T>(method: string, path: string, body?: unknown): Promise<T> {
    return this.request<T>(method, `/widget/api${path}`, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { "content-type": "application/json" }),
        ...(this.token && { "x-widget-token": this.token }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    if (!response.ok) {
      throw new ApiError(response.status, json.error?.code ?? "internal", json.error?.message ?? response.statusText);
    }
    return json as T;
  }
}
