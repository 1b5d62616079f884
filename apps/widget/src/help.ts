// The help search above the conversation list: the customer's words find help-center articles as
// they type (their passage highlighted), each opening on the help center in a new tab; when nothing
// matches, the same words start a conversation.
import type { HelpResults } from "./client";
import { el } from "./dom";

/** Fewer requests than keystrokes: a search starts once the customer pauses this long. */
const DEBOUNCE_MS = 250;
/** One letter matches too much to help. */
const MIN_CHARS = 2;

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"' };

/**
 * The server's passage (its text HTML-escaped, `<mark>` its only tag) as text parts, marked or
 * not: the widget draws them as text nodes, so nothing in an article becomes HTML here.
 */
export function passageParts(highlight: string): { text: string; marked: boolean }[] {
  const decode = (text: string) => text.replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ENTITIES[name] ?? "");
  return highlight
    .split(/(<mark>[\s\S]*?<\/mark>)/)
    .filter((part) => part !== "")
    .map((part) =>
      part.startsWith("<mark>") && part.endsWith("</mark>")
        ? { text: decode(part.slice(6, -7)), marked: true }
        : { text: decode(part), marked: false },
    );
}

export interface HelpOptions {
  search: (q: string) => Promise<HelpResults>;
  /** Start a conversation, its message box holding these words. */
  onStart: (text: string) => void;
  /** Results are showing (the conversation list makes room) or not. */
  onSearching: (searching: boolean) => void;
}

export class HelpSearch {
  readonly node = el("section", "help");
  private readonly input = el("input");
  private readonly link = el("a", "help-link", "Help center ↗");
  private readonly results = el("div", "results");
  private readonly note = el("p", "help-note");
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Which search is the newest: an older answer must not paint over a newer one. */
  private searches = 0;
  private primed = false;

  constructor(private readonly options: HelpOptions) {
    this.node.setAttribute("aria-label", "Help articles");
    this.input.type = "search";
    this.input.placeholder = "Search for help…";
    this.input.setAttribute("aria-label", "Search help articles");
    this.input.maxLength = 300;
    this.input.oninput = () => this.schedule();
    this.input.onkeydown = (event) => this.keyInInput(event);
    this.link.target = "_blank";
    this.link.rel = "noopener";
    this.link.hidden = true;
    this.note.setAttribute("role", "status");
    this.results.hidden = true;
    this.results.onkeydown = (event) => this.keyInResults(event);
    const row = el("div", "help-row");
    row.append(this.input, this.link);
    this.results.append(this.note);
    this.node.append(row, this.results);
  }

  /** Shown above the conversation list only; the words typed stay for the next visit. */
  show(visible: boolean) {
    this.node.hidden = !visible;
    this.options.onSearching(visible && this.searching);
  }

  focus() {
    this.input.focus();
  }

  /** Learns the help center's address (an empty search answers it) the first time the list shows. */
  prime() {
    if (this.primed) return;
    this.primed = true;
    this.options
      .search("")
      .then((answer) => this.learn(answer))
      .catch(() => {
        this.primed = false;
      });
  }

  private get query() {
    return this.input.value.trim();
  }

  private get searching() {
    return this.query.length >= MIN_CHARS;
  }

  private learn(answer: HelpResults) {
    this.link.href = answer.helpCenter;
    this.link.hidden = false;
  }

  private schedule() {
    clearTimeout(this.timer);
    const searching = this.searching;
    this.results.hidden = !searching;
    this.node.classList.toggle("searching", searching);
    this.options.onSearching(searching);
    if (!searching) {
      this.searches++;
      return;
    }
    this.timer = setTimeout(() => void this.run(), DEBOUNCE_MS);
  }

  private async run() {
    clearTimeout(this.timer);
    const q = this.query;
    if (q.length < MIN_CHARS) return;
    const search = ++this.searches;
    this.note.textContent = "Searching…";
    try {
      const answer = await this.options.search(q);
      if (search !== this.searches) return;
      this.learn(answer);
      this.render(q, answer.items);
    } catch {
      if (search !== this.searches) return;
      this.results.replaceChildren(this.note, this.startButton(q, "Ask us instead"));
      this.note.textContent = "Search is unavailable right now.";
    }
  }

  private render(q: string, items: HelpResults["items"]) {
    if (items.length === 0) {
      this.note.textContent = "No articles match — start a conversation and we'll help.";
      this.results.replaceChildren(this.note, this.startButton(q, "Start a conversation"));
      return;
    }
    this.note.textContent = items.length === 1 ? "1 article" : `${items.length} articles`;
    const list = el("ul", "articles");
    for (const item of items) {
      const link = el("a", "article");
      link.href = item.url;
      link.target = "_blank";
      link.rel = "noopener";
      const snippet = el("span", "snippet");
      for (const part of passageParts(item.highlight))
        snippet.append(part.marked ? el("mark", undefined, part.text) : part.text);
      link.append(el("span", "article-title", item.title), snippet);
      const row = el("li");
      row.append(link);
      list.append(row);
    }
    const still = el("p", "still", "Still stuck? ");
    const ask = el("button", "link", "Start a conversation");
    ask.type = "button";
    ask.onclick = () => this.options.onStart(q);
    still.append(ask);
    this.results.replaceChildren(this.note, list, still);
  }

  private startButton(q: string, label: string) {
    const start = el("button", "primary new", label);
    start.type = "button";
    start.onclick = () => this.options.onStart(q);
    return start;
  }

  /** ↓ goes to the first article; Enter searches at once; Esc clears the words (a second one closes). */
  private keyInInput(event: KeyboardEvent) {
    if (event.key === "ArrowDown") {
      const first = this.results.querySelector<HTMLElement>("a.article, button");
      if (first && !this.results.hidden) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Enter") {
      event.preventDefault();
      void this.run();
    } else if (event.key === "Escape" && this.input.value) {
      event.preventDefault();
      event.stopPropagation();
      this.input.value = "";
      this.schedule();
    }
  }

  /** ↑/↓ move through the articles (and the button after them); ↑ from the first returns to the box. */
  private keyInResults(event: KeyboardEvent) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const stops = [...this.results.querySelectorAll<HTMLElement>("a.article, button")];
    const at = stops.indexOf(event.target as HTMLElement);
    if (at < 0) return;
    event.preventDefault();
    const next = event.key === "ArrowDown" ? stops[at + 1] : stops[at - 1];
    (next ?? (event.key === "ArrowUp" ? this.input : stops[at]))?.focus();
  }
}
