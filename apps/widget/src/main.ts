// The Switchboard chat widget, embedded with one script tag:
//   <script src="https://support.example.com/widget/widget.js" async></script>
//   Switchboard("boot", { appId, user: { email, name, userHash } })
// and then Switchboard("show" | "hide"), Switchboard("onUnreadCountChange", fn),
// Switchboard("setNewIssueFields", { slug: value }). Calls made before the script loaded wait in
// the stub's queue (Switchboard.q). Everything it draws lives in a Shadow DOM.
import type { WidgetAttachment, WidgetConversation, WidgetMessage, WidgetThread } from "@switchboard/api";
import { ApiError, type BootUser, upload, WidgetClient } from "./client";
import { el } from "./dom";
import { HelpSearch } from "./help";
import { STYLES } from "./styles";

type Command = "boot" | "show" | "hide" | "onUnreadCountChange" | "setNewIssueFields";
type Stub = ((command: Command, arg?: unknown) => void) & { q?: IArguments[] | unknown[][] };

const STATE_WORDS: Record<WidgetConversation["state"], string> = {
  open: "Open",
  waiting_on_you: "Waiting on you",
  resolved: "Resolved",
};

/** The server's limits (domain/widget.ts), checked here first so the customer hears at once. */
const MAX_FILES = 3;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

const sizeLabel = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

const editable = (m: WidgetMessage) => m.editableUntil !== null && Date.parse(m.editableUntil) > Date.now();

/** An SVG icon from one path (emoji fonts are not on every machine). */
function icon(d: string): SVGSVGElement {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  svg.appendChild(path);
  return svg;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => w[0] ?? "")
    .join("")
    .slice(0, 2)
    .toUpperCase();

/** The agent's photo when they have one, else their initials (a broken photo falls back too). */
function avatarOf(name: string, url: string | null): HTMLElement {
  const badge = el("span", "avatar", initials(name));
  if (!url) return badge;
  const img = el("img", "avatar");
  img.src = url;
  img.alt = name;
  img.onerror = () => img.replaceWith(badge);
  return img;
}

class Widget {
  private client: WidgetClient | undefined;
  private readonly root: ShadowRoot;
  private readonly panel = el("div", "panel");
  private readonly body = el("div", "body");
  private readonly composer = el("form", "composer");
  private readonly input = el("textarea");
  private readonly send = el("button", "primary", "Send");
  private readonly badge = el("span", "badge");
  private readonly title = el("h2", undefined, "Support");
  private readonly back = el("button", undefined, "←");
  private conversations: WidgetConversation[] = [];
  private open: number | "new" | undefined;
  private unread = -1;
  private listeners: ((count: number) => void)[] = [];
  private fields: Record<string, unknown> = {};
  /** Why the widget cannot talk to support (shown instead of the conversations). */
  private failure: string | undefined;
  /** Which thread load is the newest: live notices overlap, and an older answer must not paint over a newer one. */
  private threadLoads = 0;
  /** The comment being typed under a rating survives the re-renders that live notices cause. */
  private commentDraft = "";
  private stopLive: (() => void) | undefined;
  /** "Dana is typing…" under the open conversation, until their reply arrives or they pause. */
  private readonly typingNote = el("p", "typing");
  /** Files picked for the next message, the message being edited, and the line that says so. */
  private files: File[] = [];
  private editing: string | undefined;
  private readonly pending = el("div", "pending");
  private readonly picker = el("input");
  private readonly attach = el("button", "attach");
  private shown: WidgetMessage[] = [];
  /** Images already fetched (object URLs), so live re-renders do not download them again. */
  private readonly images = new Map<string, string>();
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastAgentMessage: string | undefined;
  /** Help-center articles above the conversation list. */
  private readonly help = new HelpSearch({
    search: (q) => (this.client ? this.client.searchHelp(q) : Promise.reject(new Error("not booted"))),
    onStart: (text) => this.showNew(text),
    onSearching: (searching) => {
      this.body.hidden = searching;
    },
  });

  constructor() {
    const host = el("div");
    host.id = "switchboard-widget";
    document.body.appendChild(host);
    this.root = host.attachShadow({ mode: "open" });
    const style = el("style", undefined, STYLES);
    const launcher = el("button", "launcher");
    launcher.appendChild(icon("M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"));
    launcher.setAttribute("aria-label", "Open support chat");
    launcher.onclick = () => (this.panel.hidden ? this.show() : this.hide());
    this.badge.hidden = true;
    launcher.appendChild(this.badge);

    this.panel.hidden = true;
    this.panel.setAttribute("role", "dialog");
    this.panel.setAttribute("aria-label", "Support chat");
    const header = el("header");
    this.back.setAttribute("aria-label", "All conversations");
    this.back.onclick = () => this.showList();
    const close = el("button", undefined, "✕");
    close.setAttribute("aria-label", "Close support chat");
    close.onclick = () => this.hide();
    header.append(this.back, this.title, close);
    this.input.placeholder = "Write a message…";
    this.input.setAttribute("aria-label", "Message");
    this.input.rows = 1;
    this.input.oninput = () => {
      if (typeof this.open === "number") this.client?.typing(this.open);
    };
    this.typingNote.setAttribute("aria-live", "polite");
    this.input.onkeydown = (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        this.composer.requestSubmit();
      } else if (event.key === "Escape" && this.editing) {
        event.stopPropagation();
        this.stopEditing();
      } else if (event.key === "ArrowUp" && !this.input.value && !this.editing) {
        // As in most chats: ↑ in an empty box corrects your last message.
        const last = [...this.shown].reverse().find((m) => m.from === "customer");
        if (last && editable(last)) {
          event.preventDefault();
          this.startEditing(last);
        }
      }
    };
    this.picker.type = "file";
    this.picker.multiple = true;
    this.picker.hidden = true;
    this.picker.accept = "image/*,.pdf,.txt,.csv,.log,.docx,.xlsx,.pptx,.odt,.ods";
    this.picker.onchange = () => {
      this.pick([...(this.picker.files ?? [])]);
      this.picker.value = "";
    };
    this.attach.type = "button";
    this.attach.setAttribute("aria-label", "Attach a file");
    this.attach.title = "Attach a file (images, PDF, text, Office; up to 5 MB)";
    this.attach.appendChild(
      icon(
        "M16.5 6.5v10a4.5 4.5 0 0 1-9 0V5a3 3 0 0 1 6 0v10.5a1.5 1.5 0 0 1-3 0V6.5H9v9a3 3 0 0 0 6 0V5a4.5 4.5 0 0 0-9 0v11.5a6 6 0 0 0 12 0v-10z",
      ),
    );
    this.attach.onclick = () => this.picker.click();
    this.pending.hidden = true;
    this.composer.append(this.picker, this.attach, this.input, this.send);
    this.composer.onsubmit = (event) => {
      event.preventDefault();
      void this.submit();
    };
    this.panel.onkeydown = (event) => {
      if (event.key === "Escape") this.hide();
    };
    this.help.show(false);
    this.panel.append(header, this.help.node, this.body, this.pending, this.composer);
    this.root.append(style, this.panel, launcher);
  }

  async boot(appId: string, user: BootUser | undefined, base: string) {
    this.client = new WidgetClient(base, appId, user);
    this.status("Connecting…");
    try {
      await this.client.boot();
    } catch (error) {
      this.client = undefined;
      this.failure =
        error instanceof ApiError && error.code === "invalid_signature"
          ? "We could not verify who you are."
          : "Support chat is unavailable right now.";
      this.help.show(false);
      this.status(this.failure);
      return;
    }
    this.connectLive();
    if (!this.panel.hidden) this.help.prime();
    await this.refresh(undefined);
  }

  /** (Re)opens the live socket; after a first conversation the server knows the contact behind it. */
  private connectLive() {
    this.stopLive?.();
    this.stopLive = this.client?.live(
      (number) => void this.refresh(number),
      (number, name) => this.showTyping(number, name),
    );
  }

  private showTyping(number: number, name: string) {
    if (number !== this.open) return;
    this.typingNote.textContent = `${name} is typing…`;
    this.body.append(this.typingNote);
    this.body.scrollTop = this.body.scrollHeight;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.typingNote.remove(), 6_000);
  }

  show() {
    this.panel.hidden = false;
    if (this.client) this.help.prime();
    if (this.open === undefined) {
      this.showList();
      this.help.focus();
    } else {
      void this.markSeen();
      this.input.focus();
    }
  }

  hide() {
    this.panel.hidden = true;
  }

  onUnread(listener: (count: number) => void) {
    this.listeners.push(listener);
    listener(Math.max(this.unread, 0));
  }

  setFields(fields: Record<string, unknown>) {
    this.fields = { ...this.fields, ...fields };
  }

  /** After a live notice (or a reconnect: `undefined`), fetch what changed through the API. */
  private async refresh(number: number | undefined) {
    if (!this.client) return;
    try {
      this.conversations = await this.client.conversations();
    } catch {
      return; // The socket's next notice or reconnect tries again.
    }
    if (this.open === undefined && !this.panel.hidden) this.renderList();
    if (typeof this.open === "number" && (number === undefined || number === this.open))
      await this.loadThread(this.open);
    this.updateUnread();
  }

  private updateUnread() {
    const count = this.conversations.reduce(
      (sum, c) => sum + (c.number === this.open && !this.panel.hidden ? 0 : c.unread),
      0,
    );
    this.badge.textContent = String(count);
    this.badge.hidden = count === 0;
    if (count !== this.unread) {
      this.unread = count;
      for (const listener of this.listeners) listener(count);
    }
  }

  private status(text: string) {
    this.body.replaceChildren(el("p", "status", text));
  }

  private showList() {
    this.open = undefined;
    this.back.hidden = true;
    this.title.textContent = "Support";
    this.composer.hidden = true;
    this.files = [];
    this.stopEditing();
    this.help.show(!this.failure);
    this.renderList();
  }

  private renderList() {
    if (this.failure) return this.status(this.failure);
    const start = el("button", "primary new", "New conversation");
    start.onclick = () => this.showNew();
    const items = this.conversations.map((c) => {
      const row = el("button", "conv");
      const meta = el("div", "meta", STATE_WORDS[c.state]);
      if (c.unread > 0) meta.append(" · ", el("span", "unread", `${c.unread} new`));
      row.append(el("div", undefined, c.title), meta);
      row.onclick = () => void this.loadThread(c.number);
      return row;
    });
    this.body.replaceChildren(
      start,
      ...(items.length > 0 ? items : [el("p", "empty", "No conversations yet. We usually answer within minutes.")]),
    );
  }

  /** A new conversation; `text` (the words of a search that found nothing) starts its message. */
  private showNew(text = "") {
    this.open = "new";
    this.back.hidden = false;
    this.title.textContent = "New conversation";
    this.composer.hidden = false;
    this.help.show(false);
    this.body.replaceChildren(el("p", "empty", "Ask us anything — we'll reply here."));
    if (text && !this.input.value) this.input.value = text;
    this.input.focus();
  }

  private async loadThread(number: number) {
    if (!this.client) return;
    const first = this.open !== number;
    this.open = number;
    this.back.hidden = false;
    this.composer.hidden = false;
    this.help.show(false);
    if (first) this.status("Loading…");
    const load = ++this.threadLoads;
    try {
      const thread = await this.client.thread(number);
      if (load !== this.threadLoads || this.open !== number) return;
      this.renderThread(thread);
      if (!this.panel.hidden) await this.markSeen();
    } catch (error) {
      this.body.replaceChildren(
        el("p", "error", error instanceof Error ? error.message : "Could not load the conversation."),
      );
    }
  }

  private async markSeen() {
    if (!this.client || typeof this.open !== "number") return;
    const number = this.open;
    await this.client.seen(number).catch(() => undefined);
    this.conversations = this.conversations.map((c) => (c.number === number ? { ...c, unread: 0 } : c));
    this.updateUnread();
  }

  private renderThread(thread: WidgetThread) {
    const { conversation, messages } = thread;
    this.title.textContent = conversation.title;
    const typing = this.body.querySelector(".comment-form input") === this.root.activeElement;
    const nodes: HTMLElement[] = [el("p", "state", STATE_WORDS[conversation.state])];
    this.shown = messages;
    for (const m of messages) {
      const box = el("div", `msg ${m.from}`);
      const who = el("div", "who");
      if (m.from === "agent") who.append(avatarOf(m.authorName, m.authorAvatarUrl));
      who.append(el("span", undefined, m.from === "agent" ? m.authorName : "You"));
      if (m.editedAt) who.append(el("span", "edited", " · edited"));
      if (editable(m)) {
        const change = el("button", "link", "Edit");
        change.type = "button";
        change.title = "Correct it (or press ↑ in the empty box)";
        change.onclick = () => this.startEditing(m);
        who.append(change);
      }
      box.append(who);
      if (m.text) box.append(el("div", "text", m.text));
      if (m.attachments.length > 0) box.append(this.attachments(conversation.number, m.attachments));
      nodes.push(box);
    }
    if (conversation.state === "resolved" && (conversation.survey || conversation.csat))
      nodes.push(this.csat(conversation));
    // A new agent message ends their typing; a re-render for anything else keeps the note.
    const last = messages[messages.length - 1];
    if (last?.from === "agent" && last.id !== this.lastAgentMessage) {
      this.lastAgentMessage = last.id;
      clearTimeout(this.typingTimer);
      this.typingNote.remove();
    } else if (this.typingNote.isConnected) nodes.push(this.typingNote);
    this.body.replaceChildren(...nodes);
    this.body.scrollTop = this.body.scrollHeight;
    if (typing) this.body.querySelector<HTMLInputElement>(".comment-form input")?.focus();
  }

  /** A message's files: images shown (fetched with the token), every file downloadable by its name. */
  private attachments(number: number, files: WidgetAttachment[]) {
    const list = el("div", "files");
    for (const file of files) {
      if (file.contentType.startsWith("image/")) {
        const img = el("img", "thumb");
        img.alt = file.filename;
        const known = this.images.get(file.id);
        if (known) img.src = known;
        else
          void this.client
            ?.file(number, file.id)
            .then((blob) => {
              const url = URL.createObjectURL(blob);
              this.images.set(file.id, url);
              img.src = url;
            })
            .catch(() => img.remove());
        list.append(img);
      }
      const link = el("button", "file", `${file.filename} · ${sizeLabel(file.size)}`);
      link.type = "button";
      link.setAttribute("aria-label", `Download ${file.filename}`);
      link.onclick = async () => {
        try {
          const blob = await this.client?.file(number, file.id);
          if (!blob) return;
          const a = el("a");
          a.href = URL.createObjectURL(blob);
          a.download = file.filename;
          a.click();
          setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
        } catch (error) {
          list.append(el("p", "error", error instanceof Error ? error.message : "Download failed."));
        }
      };
      list.append(link);
    }
    return list;
  }

  /** Files picked for the next message, refused at once (in words) beyond the server's limits. */
  private pick(picked: File[]) {
    const problems: string[] = [];
    for (const file of picked) {
      if (file.size > MAX_FILE_BYTES) problems.push(`"${file.name}" is larger than 5 MB.`);
      else if (this.files.length >= MAX_FILES) problems.push(`Attach at most ${MAX_FILES} files to a message.`);
      else this.files.push(file);
    }
    this.renderPending(problems.join(" "));
  }

  /** The line above the composer: files to send (each removable), or the message being edited. */
  private renderPending(problem = "") {
    const items: (HTMLElement | string)[] = [];
    if (this.editing) {
      const cancel = el("button", "link", "Cancel");
      cancel.type = "button";
      cancel.onclick = () => this.stopEditing();
      items.push(el("span", undefined, "Editing your message · "), cancel);
    }
    this.files.forEach((file, i) => {
      const chip = el("span", "chip", `${file.name} · ${sizeLabel(file.size)}`);
      const remove = el("button", undefined, "✕");
      remove.type = "button";
      remove.setAttribute("aria-label", `Remove ${file.name}`);
      remove.onclick = () => {
        this.files.splice(i, 1);
        this.renderPending();
      };
      chip.append(remove);
      items.push(chip);
    });
    if (problem) items.push(el("p", "error", problem));
    this.pending.replaceChildren(...items);
    this.pending.hidden = items.length === 0;
    this.attach.disabled = this.editing !== undefined;
  }

  private startEditing(m: WidgetMessage) {
    this.editing = m.id;
    this.files = [];
    this.input.value = m.text;
    this.send.textContent = "Save";
    this.renderPending();
    this.input.focus();
  }

  private stopEditing() {
    if (this.editing) this.input.value = "";
    this.editing = undefined;
    this.send.textContent = "Send";
    this.renderPending();
  }

  private csat(conversation: WidgetConversation) {
    const box = el("div", "csat");
    box.append(el("div", undefined, conversation.csat ? "Thanks for your rating!" : "How did we do?"));
    const scores = el("div", "scores");
    scores.setAttribute("role", "group");
    scores.setAttribute("aria-label", "Rate this conversation");
    // Thumbs are stored as 5 (👍) and 1 (👎), like the Slack and email surveys.
    const choices: [number, string, string][] =
      conversation.survey === "thumbs"
        ? [
            [5, "👍", "Good"],
            [1, "👎", "Bad"],
          ]
        : [1, 2, 3, 4, 5].map((n) => [n, String(n), `Rate ${n} of 5`]);
    const rate = async (score: number, comment?: string) => {
      if (!this.client) return;
      try {
        await this.client.rate(conversation.number, score, comment);
        await this.refresh(conversation.number);
      } catch (error) {
        box.append(el("p", "error", error instanceof Error ? error.message : "Could not save your rating."));
      }
    };
    for (const [score, label, name] of choices) {
      const button = el("button", undefined, label);
      button.type = "button";
      button.setAttribute("aria-label", name);
      button.setAttribute("aria-pressed", String(conversation.csat?.score === score));
      button.onclick = () => rate(score);
      scores.append(button);
    }
    box.append(scores);
    const rated = conversation.csat;
    if (rated?.comment) box.append(el("p", "comment", rated.comment));
    else if (rated) {
      // The optional comment follows the rating.
      const form = el("form", "comment-form");
      const input = el("input");
      input.placeholder = "Add a comment (optional)";
      input.setAttribute("aria-label", "Comment on your rating");
      input.maxLength = 2000;
      input.value = this.commentDraft;
      input.oninput = () => {
        this.commentDraft = input.value;
      };
      const send = el("button", undefined, "Send");
      send.type = "submit";
      send.setAttribute("aria-label", "Send comment");
      form.append(input, send);
      form.onsubmit = (event) => {
        event.preventDefault();
        const comment = input.value.trim();
        if (!comment) return;
        this.commentDraft = "";
        void rate(rated.score, comment);
      };
      box.append(form);
    }
    return box;
  }

  private async submit() {
    const text = this.input.value.trim();
    const client = this.client;
    if ((!text && this.files.length === 0) || !client) return;
    this.send.disabled = true;
    try {
      const open = this.open;
      const editing = this.editing;
      let thread: WidgetThread;
      if (editing && typeof open === "number") {
        if (!text) return;
        thread = await client.edit(open, editing, text);
        this.stopEditing();
      } else {
        const files = await Promise.all(this.files.map(upload));
        thread =
          open === "new" || open === undefined
            ? await client.start(text, this.fields, files)
            : await client.send(open, text, files);
        this.files = [];
        this.renderPending();
      }
      this.input.value = "";
      const wasNew = this.open !== thread.conversation.number;
      this.open = thread.conversation.number;
      this.renderThread(thread);
      // A first conversation may have created the contact: the socket must learn it.
      if (wasNew) this.connectLive();
    } catch (error) {
      this.body.append(el("p", "error", error instanceof Error ? `Not sent: ${error.message}` : "Not sent."));
    } finally {
      this.send.disabled = false;
      this.input.focus();
    }
  }
}

/** Where the script came from: the API lives on the same server. */
function scriptBase(): string {
  const src = (document.currentScript as HTMLScriptElement | null)?.src;
  return src ? new URL(src).origin : window.location.origin;
}

function install() {
  const base = scriptBase();
  const queued = ((window as unknown as { Switchboard?: Stub }).Switchboard?.q ?? []) as ArrayLike<unknown>[];
  let widget: Widget | undefined;
  const pending: [Command, unknown][] = [];
  const run = (command: Command, arg: unknown) => {
    if (command === "boot") {
      const options = (arg ?? {}) as { appId?: string; user?: BootUser };
      if (!options.appId) throw new Error('Switchboard("boot") needs { appId }');
      widget ??= new Widget();
      for (const [c, a] of pending.splice(0)) run(c, a);
      void widget.boot(options.appId, options.user, base);
      return;
    }
    if (!widget) {
      pending.push([command, arg]);
      return;
    }
    if (command === "show") widget.show();
    else if (command === "hide") widget.hide();
    else if (command === "onUnreadCountChange" && typeof arg === "function")
      widget.onUnread(arg as (n: number) => void);
    else if (command === "setNewIssueFields" && arg && typeof arg === "object")
      widget.setFields(arg as Record<string, unknown>);
  };
  const api = ((command: Command, arg?: unknown) => run(command, arg)) as Stub;
  (window as unknown as { Switchboard: Stub }).Switchboard = api;
  for (const args of queued) run(args[0] as Command, args[1]);
}

install();
