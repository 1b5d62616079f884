// Ask AI, offline: a question in plain words becomes issue filters — a time window, an account by
// name, a tier or account type, a channel, a tag, a team, a state, "feature requests" — plus the
// words left over for full-text search, and what kind of answer is wanted. Pure: the caller gives
// the workspace's names (the catalog) and the clock.
import type { AccountType, AskCatalog, AskFilters, AskIntent, Channel, IssueState } from "../../domain/ask";

export type { AskCatalog, AskFilters, AskIntent } from "../../domain/ask";

const DAY = 86_400_000;
const startOfDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
/** Weeks start on Monday (UTC). */
const startOfWeek = (d: Date) => new Date(startOfDay(d).getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
const startOfMonth = (d: Date, offset = 0) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + offset, 1));

type Window = NonNullable<AskFilters["window"]>;
const WINDOWS: { re: RegExp; make: (now: Date, m: RegExpMatchArray) => Window }[] = [
  { re: /\btoday\b/, make: (now) => ({ label: "today", since: startOfDay(now) }) },
  {
    re: /\byesterday\b/,
    make: (now) => ({ label: "yesterday", since: new Date(startOfDay(now).getTime() - DAY), until: startOfDay(now) }),
  },
  { re: /\bthis week\b/, make: (now) => ({ label: "this week", since: startOfWeek(now) }) },
  {
    re: /\blast week\b/,
    make: (now) => ({
      label: "last week",
      since: new Date(startOfWeek(now).getTime() - 7 * DAY),
      until: startOfWeek(now),
    }),
  },
  { re: /\bthis month\b/, make: (now) => ({ label: "this month", since: startOfMonth(now) }) },
  {
    re: /\blast month\b/,
    make: (now) => ({ label: "last month", since: startOfMonth(now, -1), until: startOfMonth(now) }),
  },
  {
    re: /\b(?:last|past|previous) (\d{1,3}) days?\b/,
    make: (now, m) => ({ label: `last ${m[1]} days`, since: new Date(now.getTime() - Number(m[1]) * DAY) }),
  },
  {
    re: /\bthis year\b/,
    make: (now) => ({ label: "this year", since: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)) }),
  },
  // "Recently" has no edge of its own: the last 30 days.
  {
    re: /\brecent(?:ly)?\b|\blately\b/,
    make: (now) => ({ label: "last 30 days", since: new Date(now.getTime() - 30 * DAY) }),
  },
];

const CHANNELS: [RegExp, Channel][] = [
  [/\bslack\b/, "slack"],
  [/\be-?mails?\b/, "email"],
  [/\b(?:widget|chat|in-app)\b/, "widget"],
  [/\bportal (?:form|request)s?\b|\bvia (?:the )?portal\b|\bfrom (?:the )?portal\b/, "portal"],
  [/\bapi\b(?= (?:issues?|channel))/, "api"],
];

const ACCOUNT_TYPES: [RegExp, AccountType][] = [
  [/\bprospects?\b/, "prospect"],
  [/\btrials?\b(?! (?:extension|expir))/, "trial"],
  [/\bchurned\b/, "churned"],
  [/\bpaying customers?\b/, "customer"],
];

const STATES: [RegExp, IssueState[]][] = [
  [/\b(?:open|unresolved|unsolved)\b/, ["new", "on_you", "on_customer", "on_hold"]],
  [/\b(?:closed|resolved|solved)\b/, ["closed"]],
  [/\bon hold\b|\bsnoozed\b/, ["on_hold"]],
  [/\bwaiting on (?:the )?customers?\b/, ["on_customer"]],
];

const FEATURE_REQUESTS = /\bfeature[- ]requests?\b|\bfeature asks?\b|\benhancement requests?\b/;

/** Words that shape the question but say nothing about which issues. */
const STOPWORDS = new Set(
  `a an the and or of to in on at for with from by about over into our we us you your their they them it its is are was were be been
  do does did have has had what which who whom whose when where why how many much most more common frequent frequently top
  summarize summarise summary give me show list tell all any some recent recently lately issues issue tickets ticket questions
  question conversations conversation requests request related regarding customers customer accounts account can could please
  there this that these those than then number count total ever asked ask asking feature features our kinds kind type types
  biggest main mostly`.split(/\s+/),
);

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const phrase = (name: string) => new RegExp(`(?<![\\w-])${escapeRe(name.toLowerCase())}(?![\\w-])`);

export function parseQuestion(question: string, catalog: AskCatalog, now: Date): AskFilters {
  let rest = ` ${question
    .toLowerCase()
    .replace(/[’']s\b/g, "")
    .replace(/[?!.,;:"“”]/g, " ")} `;
  const take = (re: RegExp) => {
    const m = rest.match(re);
    if (m) rest = rest.replace(re, " ");
    return m;
  };
  const filters: AskFilters = { intent: intentOf(rest), terms: [] };

  for (const w of WINDOWS) {
    const m = take(w.re);
    if (m) {
      filters.window = w.make(now, m);
      break;
    }
  }
  if (take(FEATURE_REQUESTS)) filters.featureRequests = true;
  // Longest names first, so "Acme Europe" wins over "Acme".
  const byLength = <T extends { name: string }>(xs: readonly T[]) =>
    [...xs].sort((a, b) => b.name.length - a.name.length);
  for (const a of byLength(catalog.accounts)) {
    if (a.name.trim().length >= 2 && take(phrase(a.name))) {
      filters.account = { id: a.id, name: a.name };
      break;
    }
  }
  if (!filters.account) {
    const near = nearestAccount(rest, catalog.accounts);
    if (near) {
      take(phrase(near.spelled));
      filters.account = { id: near.id, name: near.name, spelled: near.spelled };
    }
  }
  for (const t of byLength(catalog.teams)) {
    const name = escapeRe(t.name.toLowerCase());
    if (take(new RegExp(`\\b(?:the )?${name} team\\b|\\bteam ${name}\\b`))) {
      filters.team = { id: t.id, name: t.name };
      break;
    }
  }
  for (const tier of [...catalog.tiers].sort((a, b) => b.length - a.length)) {
    if (take(new RegExp(`${phrase(tier).source}(?: tier)?`))) {
      filters.tier = tier;
      break;
    }
  }
  for (const [re, type] of ACCOUNT_TYPES) {
    if (take(re)) {
      filters.accountType = type;
      break;
    }
  }
  for (const [re, channel] of CHANNELS) {
    if (take(re)) {
      filters.channel = channel;
      break;
    }
  }
  for (const [re, states] of STATES) {
    if (take(re)) {
      filters.states = states;
      break;
    }
  }
  for (const tag of [...catalog.tags].sort((a, b) => b.length - a.length)) {
    const spoken = tag.toLowerCase().replace(/[-_]/g, " ");
    if (take(phrase(tag)) || (spoken !== tag.toLowerCase() && take(phrase(spoken)))) {
      filters.tag = tag;
      break;
    }
  }
  filters.terms = [
    ...new Set(
      rest
        .split(/[^a-z0-9-]+/)
        .map((w) => w.replace(/^-+|-+$/g, ""))
        .filter((w) => w.length >= 3 && !STOPWORDS.has(w) && !/^\d+$/.test(w)),
    ),
  ].slice(0, 8);
  return filters;
}

/** Typos allowed in a name of this many letters: none below 5, one up to 11, two from 12 ("Northland" is not "Northwind"). */
const typosAllowed = (length: number) => (length >= 12 ? 2 : length >= 5 ? 1 : 0);

/**
 * A misspelled account name ("Nortwind" for Northwind): the run of as many words as the name has
 * that is within `typosAllowed` edits of it (a swap of two letters is one edit), starting with the
 * same letter and not a word questions are made of. The longest name within reach wins, as exact
 * names do ("Northwind Logistics" over "Northwind"), then the closest.
 */
export function nearestAccount(
  text: string,
  accounts: AskCatalog["accounts"],
): { id: string; name: string; spelled: string } | undefined {
  const words = text.split(/[^a-z0-9&-]+/).filter(Boolean);
  let best: { id: string; name: string; spelled: string; distance: number } | undefined;
  for (const a of accounts) {
    const name = a.name.toLowerCase().replace(/\s+/g, " ").trim();
    const allowed = typosAllowed(name.replace(/ /g, "").length);
    if (allowed === 0) continue;
    const size = name.split(" ").length;
    for (let i = 0; i + size <= words.length; i++) {
      const run = words.slice(i, i + size);
      if (run.some((w) => STOPWORDS.has(w)) || run[0]?.[0] !== name[0]) continue;
      const spelled = run.join(" ");
      const distance = editDistance(spelled, name, allowed);
      if (
        distance <= allowed &&
        (!best || name.length > best.name.length || (name.length === best.name.length && distance < best.distance))
      ) {
        best = { id: a.id, name: a.name, spelled, distance };
      }
    }
  }
  return best && { id: best.id, name: best.name, spelled: best.spelled };
}

/** Optimal string alignment distance (insert, delete, substitute, swap neighbours); stops past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

function intentOf(q: string): AskIntent {
  if (/\bhow many\b|\bnumber of\b|\bcount\b|\bhow much\b/.test(q)) return "count";
  if (/\bmost (?:common|frequent|requested|asked)\b|\btop \d*\b|\bbiggest\b|\brank/.test(q)) return "ranking";
  return "summary";
}
