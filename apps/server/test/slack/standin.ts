// A local Slack for tests and benchmarks: speaks the Web API wire format (form-encoded or JSON
// POST to /api/<method>, JSON {ok:true,...}), records every call, answers 429 with Retry-After
// when told to, serves url_private files, takes file uploads as the SDK's uploadV2 sends them
// (getUploadURLExternal, the bytes, completeUploadExternal), and signs Events API payloads.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { signSlackRequest } from "../../src/channels/slack/verify";

export interface StandinUser {
  id: string;
  name: string;
  email?: string;
  teamId?: string;
  /** A guest of the team (Slack's is_restricted): a customer invited into a channel. */
  guest?: boolean;
}
export interface StandinTeam {
  id: string;
  name: string;
  domain: string;
  email_domain?: string;
}
export interface StandinChannel {
  id: string;
  name: string;
  is_private?: boolean;
  is_ext_shared?: boolean;
  is_member?: boolean;
  connected_team_ids?: string[];
  /** Slack refuses posts into an archived channel ({ok:false, error:"is_archived"}). */
  is_archived?: boolean;
}
export interface StandinMessage {
  ts: string;
  user?: string;
  text: string;
  thread_ts?: string;
  bot_id?: string;
  username?: string;
  icon_url?: string;
  /** Message metadata as posted (chat.postMessage `metadata`); returned with include_all_metadata. */
  metadata?: Record<string, unknown>;
  /** Files shared with the message (files.completeUploadExternal). */
  files?: { id: string; name: string; title: string; size: number }[];
  subtype?: string;
  user_id?: string;
}
export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  status: number;
  token?: string;
  /** Slack's error code when the call was answered {ok:false} (by failNext, or a post Slack refused). */
  error?: string;
}

let lastTsMs = 0;
/** A fresh, strictly increasing Slack ts ("seconds.micros"), one millisecond apart at least. */
export function nextTs(): string {
  lastTsMs = Math.max(Date.now(), lastTsMs + 1);
  return `${Math.floor(lastTsMs / 1000)}.${String(lastTsMs % 1000).padStart(3, "0")}000`;
}

export class SlackStandin {
  readonly teamId = `T${randomBytes(4).toString("hex").toUpperCase()}`;
  readonly appId = `A${randomBytes(4).toString("hex").toUpperCase()}`;
  readonly botUserId = "UBOT";
  readonly botId = "BBOT";
  readonly botToken = `xoxb-${randomBytes(8).toString("hex")}`;
  readonly signingSecret = randomBytes(16).toString("hex");
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, StandinUser>();
  readonly teams = new Map<string, StandinTeam>();
  readonly channels = new Map<string, StandinChannel>();
  readonly messages = new Map<string, StandinMessage[]>();
  readonly files = new Map<string, { content: Buffer; type: string }>();
  /** Files uploaded through files.getUploadURLExternal + the upload URL, by file id; `shared` once completed. */
  readonly uploads = new Map<string, { filename: string; length: number; content?: Buffer; shared: boolean }>();
  private readonly limited = new Map<string, number[]>();
  private readonly failing = new Map<string, string[]>();
  private readonly drops = new Map<string, number>();
  private readonly holds = new Map<string, { arrive(): void; released: Promise<void> }[]>();
  private server?: http.Server;
  url = "";

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    // Keep-alive sockets from the SDK's fetch would hold close() open.
    const server = this.server;
    if (!server) return;
    for (const holds of this.holds.values()) for (const hold of holds) hold.arrive();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `times` calls of `method` get HTTP 429 with Retry-After: seconds. */
  rateLimitNext(method: string, retryAfterSeconds: number, times = 1): void {
    this.limited.set(method, [...(this.limited.get(method) ?? []), ...Array(times).fill(retryAfterSeconds)]);
  }

  /**
   * The next call of `method` takes effect (a posted message is in the channel) but its answer is
   * held until `release()`: the caller cannot know the outcome (a crash test kills it meanwhile).
   */
  holdNext(method: string): { arrived: Promise<void>; release(): void } {
    let arrive = () => {};
    let release = () => {};
    const arrived = new Promise<void>((resolve) => {
      arrive = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.holds.set(method, [...(this.holds.get(method) ?? []), { arrive, released }]);
    return { arrived, release };
  }
  /**
   * The next call of `method` takes effect but its connection is cut before the answer: the caller
   * sees a network error, as a process that died between Slack's answer and its commit would.
   */
  dropNext(method: string): void {
    this.drops.set(method, (this.drops.get(method) ?? 0) + 1);
  }

  /** The next `times` calls of `method` answer Slack's error shape, {ok:false, error}. */
  failNext(method: string, error: string, times = 1): void {
    this.failing.set(method, [...(this.failing.get(method) ?? []), ...Array(times).fill(error)]);
  }

  addUser(user: StandinUser): StandinUser {
    this.users.set(user.id, user);
    return user;
  }
  addTeam(team: StandinTeam): StandinTeam {
    this.teams.set(team.id, team);
    return team;
  }
  addChannel(channel: StandinChannel): StandinChannel {
    this.channels.set(channel.id, { is_member: true, ...channel });
    return channel;
  }
  /** A message that exists in Slack (for conversations.history / replies). */
  addMessage(channel: string, message: StandinMessage): StandinMessage {
    this.messages.set(channel, [...(this.messages.get(channel) ?? []), message]);
    return message;
  }
  addFile(id: string, content: Buffer, type: string): string {
    this.files.set(id, { content, type });
    return `${this.url}/files-pri/${id}`;
  }

  /** Successful calls of a method, in the order Slack accepted them. */
  accepted(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method && c.status === 200 && !c.error).map((c) => c.args);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? "/", this.url);
    const token = req.headers.authorization?.replace(/^Bearer\s+/i, "");
    if (req.method === "GET" && url.pathname.startsWith("/files-pri/")) {
      const file = this.files.get(url.pathname.slice("/files-pri/".length));
      if (!file || token !== this.botToken) return void res.writeHead(404).end();
      return void res.writeHead(200, { "content-type": file.type }).end(file.content);
    }
    if (req.method === "POST" && url.pathname.startsWith("/upload/")) return this.receiveUpload(req, res, url);
    const method = url.pathname.replace(/^\/api\//, "");
    const args = parseBody((await readBody(req)).toString("utf8"), req.headers["content-type"] ?? "");
    const delay = this.limited.get(method)?.shift();
    if (delay !== undefined) {
      this.calls.push({ method, args, status: 429, token });
      res.writeHead(429, { "retry-after": String(delay), "content-type": "application/json" });
      return void res.end(JSON.stringify({ ok: false, error: "ratelimited" }));
    }
    const failure = this.failing.get(method)?.shift();
    if (failure !== undefined) {
      this.calls.push({ method, args, status: 200, token, error: failure });
      return void res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ok: false, error: failure }));
    }
    const call: RecordedCall = { method, args, status: 200, token };
    this.calls.push(call);
    const body = token === this.botToken ? this.answer(method, args) : { ok: false, error: "invalid_auth" };
    if (method === "chat.postMessage" && body.ok === false && typeof body.error === "string") call.error = body.error;
    const drops = this.drops.get(method) ?? 0;
    if (drops > 0) {
      this.drops.set(method, drops - 1);
      return void res.destroy();
    }
    const hold = this.holds.get(method)?.shift();
    if (hold) {
      hold.arrive();
      await hold.released;
      if (res.destroyed) return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  /** The upload URL of files.getUploadURLExternal: raw bytes in the body, the URL is the credential. */
  private async receiveUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const id = url.pathname.slice("/upload/".length);
    const upload = this.uploads.get(id);
    const content = await readBody(req);
    this.calls.push({ method: "upload", args: { file_id: id, bytes: content.length }, status: upload ? 200 : 404 });
    if (!upload) return void res.writeHead(404).end();
    upload.content = content;
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${content.length}`);
  }

  private completeUpload(args: Record<string, unknown>): Record<string, unknown> {
    const channel = typeof args.channel_id === "string" ? args.channel_id : "";
    const listed = typeof args.files === "string" ? (JSON.parse(args.files) as unknown) : args.files;
    const files = Array.isArray(listed) ? (listed as { id?: string; title?: string }[]) : [];
    const found = files.map((f) => ({ f, upload: this.uploads.get(f.id ?? "") }));
    if (found.some(({ upload }) => !upload?.content)) return { ok: false, error: "file_not_found" };
    if (channel && !this.channels.has(channel)) return { ok: false, error: "channel_not_found" };
    const shared = found.map(({ f, upload }) => {
      if (upload) upload.shared = true;
      const size = upload?.content?.length ?? 0;
      return { id: f.id ?? "", name: upload?.filename ?? "", title: f.title ?? upload?.filename ?? "", size };
    });
    if (channel) {
      const threadTs = typeof args.thread_ts === "string" ? args.thread_ts : undefined;
      this.addMessage(channel, {
        ts: nextTs(),
        text: typeof args.initial_comment === "string" ? args.initial_comment : "",
        subtype: "file_share",
        user: this.botUserId,
        ...(threadTs && { thread_ts: threadTs }),
        files: shared,
      });
    }
    return { ok: true, files: shared.map(({ id, title }) => ({ id, title })) };
  }

  private answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    const str = (k: string) => (typeof args[k] === "string" ? (args[k] as string) : undefined);
    switch (method) {
      case "auth.test":
        return { ok: true, team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, app_id: this.appId };
      case "conversations.list":
        return this.listChannels(Number(args.limit ?? 100), str("cursor"));
      case "conversations.info": {
        const channel = this.channels.get(str("channel") ?? "");
        return channel ? { ok: true, channel: this.present(channel) } : { ok: false, error: "channel_not_found" };
      }
      case "conversations.history": {
        const all = (this.messages.get(str("channel") ?? "") ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts);
        return { ok: true, messages: all.filter((m) => inRange(m.ts, str("oldest"), str("latest"))).reverse() };
      }
      case "conversations.replies": {
        const all = this.messages.get(str("channel") ?? "") ?? [];
        const target = all.find((m) => m.ts === str("ts"));
        const root = target?.thread_ts ?? target?.ts;
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === "true";
        const thread = all.filter((m) => m.ts === root || m.thread_ts === root);
        return {
          ok: true,
          messages: thread.map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m)),
        };
      }
      case "users.info": {
        const user = this.users.get(str("user") ?? "");
        if (!user) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: user.id,
            name: user.name.toLowerCase().replace(/\s+/g, "."),
            real_name: user.name,
            team_id: user.teamId ?? this.teamId,
            ...(user.guest && { is_restricted: true }),
            profile: { real_name: user.name, email: user.email },
          },
        };
      }
      case "team.info": {
        const team = this.teams.get(str("team") ?? "");
        return team ? { ok: true, team } : { ok: false, error: "team_not_found" };
      }
      case "chat.postMessage": {
        const channel = str("channel") ?? "";
        if (this.channels.get(channel)?.is_archived) return { ok: false, error: "is_archived" };
        const message: StandinMessage = {
          ts: nextTs(),
          text: str("text") ?? "",
          bot_id: this.botId,
          ...(str("thread_ts") && { thread_ts: str("thread_ts") }),
          ...(str("username") && { username: str("username") }),
          ...(str("icon_url") && { icon_url: str("icon_url") }),
          ...(metadataOf(args.metadata) && { metadata: metadataOf(args.metadata) }),
        };
        this.addMessage(channel, message);
        return { ok: true, channel, ts: message.ts, message };
      }
      case "chat.update": {
        const found = (this.messages.get(str("channel") ?? "") ?? []).find((m) => m.ts === str("ts"));
        if (!found) return { ok: false, error: "message_not_found" };
        found.text = str("text") ?? found.text;
        return { ok: true, channel: str("channel"), ts: found.ts };
      }
      case "files.getUploadURLExternal": {
        const length = Number(args.length);
        if (!str("filename") || !Number.isInteger(length) || length <= 0)
          return { ok: false, error: "invalid_arguments" };
        const id = `F${randomBytes(5).toString("hex").toUpperCase()}`;
        this.uploads.set(id, { filename: str("filename") ?? "", length, shared: false });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case "files.completeUploadExternal":
        return this.completeUpload(args);
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "views.open":
        // Slack refuses a trigger_id older than 3 s or used before; the stand-in only wants one.
        return str("trigger_id")
          ? { ok: true, view: { id: `V${randomBytes(4).toString("hex")}` } }
          : { ok: false, error: "invalid_trigger_id" };
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  private listChannels(limit: number, cursor: string | undefined) {
    const all = [...this.channels.values()];
    const start = cursor ? Number(cursor) : 0;
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : "";
    return { ok: true, channels: page.map((c) => this.present(c)), response_metadata: { next_cursor: next } };
  }

  private present(c: StandinChannel) {
    return {
      id: c.id,
      name: c.name,
      is_channel: true,
      is_private: Boolean(c.is_private),
      is_ext_shared: Boolean(c.is_ext_shared),
      is_shared: Boolean(c.is_ext_shared),
      is_member: c.is_member !== false,
      connected_team_ids: c.connected_team_ids ?? [],
    };
  }

  // ---- the Events API side: signed deliveries to our webhook ----------------------------

  /** An event_callback envelope for this workspace. */
  envelope(event: Record<string, unknown>, eventId = `Ev${randomBytes(6).toString("hex")}`) {
    return {
      token: "unused",
      team_id: this.teamId,
      api_app_id: this.appId,
      type: "event_callback",
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      event: { event_ts: nextTs(), ...event },
    };
  }

  /** Headers Slack would send for `rawBody` (override the timestamp or secret to test rejection). */
  signedHeaders(rawBody: string, options: { timestamp?: number; secret?: string; retryNum?: number } = {}) {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return {
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signSlackRequest(options.secret ?? this.signingSecret, timestamp, rawBody),
      ...(options.retryNum !== undefined && {
        "x-slack-retry-num": String(options.retryNum),
        "x-slack-retry-reason": "http_timeout",
      }),
    };
  }
}

/** Slack takes `metadata` as a JSON object, or as its JSON text in a form-encoded call. */
function metadataOf(value: unknown): Record<string, unknown> | undefined {
  const parsed = typeof value === "string" ? (JSON.parse(value) as unknown) : value;
  return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
}

function inRange(ts: string, oldest: string | undefined, latest: string | undefined) {
  return (!oldest || Number(ts) >= Number(oldest)) && (!latest || Number(ts) <= Number(latest));
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (!raw) return {};
  if (contentType.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(raw));
}
