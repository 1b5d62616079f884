// Plans the demo's issues: which account writes about what, through which channel, when, who
// answers, and how far each conversation got. Pure and seeded — the same plan on every start;
// only the dates move with the day the demo is created.
import { type ContactRole, contactsFor, DEMO_ACCOUNTS, type DemoAccount, type DemoContact } from "./accounts";
import { BILLING_TEMPLATES } from "./billing";
import { MIGRATION_TEMPLATES } from "./migrations";
import { DEMO_TEAMS, DEMO_USERS, type TeamName } from "./people";
import { fill, type Random, seededRandom } from "./random";
import { SALES_TEMPLATES } from "./sales";
import { SUCCESS_TEMPLATES } from "./success";
import { SUPPORT_TEMPLATES } from "./support";
import {
  type Channel,
  type ConversationTemplate,
  GENERIC_NOTES,
  GENERIC_THANKS,
  type Priority,
  VOCABULARY,
  type Weighted,
} from "./templates";

export type IssueState = "new" | "on_you" | "on_customer" | "on_hold" | "closed";

export type Step =
  | { at: Date; kind: "customer"; text: string }
  /** Routing puts the issue in its team and sets a first priority. */
  | { at: Date; kind: "route" }
  /** The assignee takes the issue: assignment, tags and custom fields. */
  | { at: Date; kind: "take" }
  | { at: Date; kind: "reply"; text: string }
  | { at: Date; kind: "note"; by: string; text: string }
  | { at: Date; kind: "state"; to: "on_hold" | "closed" };

export interface IssueScript {
  template: ConversationTemplate;
  account: DemoAccount;
  contact: DemoContact;
  channel: Channel;
  subject: string;
  state: IssueState;
  team: TeamName;
  /** User key of the assignee ("admin" is the demo admin); null leaves it unassigned. */
  assignee: string | null;
  priority: Priority;
  tags: string[];
  steps: Step[];
}

export const TEMPLATES: readonly ConversationTemplate[] = [
  ...SUPPORT_TEMPLATES,
  ...SUCCESS_TEMPLATES,
  ...MIGRATION_TEMPLATES,
  ...SALES_TEMPLATES,
  ...BILLING_TEMPLATES,
];

/** How the inbound volume splits over teams, as in a B2B company whose Support team does most of the work. */
const TEAM_SHARE: Weighted<TeamName> = [
  ["Support", 42],
  ["Sales", 17],
  ["Customer Success", 15],
  ["Migrations", 12],
  ["Billing", 14],
];
const DEFAULT_CHANNELS: Weighted<Channel> = [
  ["slack", 5],
  ["email", 3],
  ["widget", 2],
  ["portal", 1],
];
const DAY = 86_400_000;
const MINUTE = 60_000;

export function planConversations(now: Date, count = 300, seed = 20_260_101): IssueScript[] {
  const random = seededRandom(seed);
  const contacts = DEMO_ACCOUNTS.map((account, i) => contactsFor(account, i));
  const scripts: IssueScript[] = [];
  for (let i = 0; i < count; i++) {
    const team = random.weighted(TEAM_SHARE);
    const template = random.pick(TEMPLATES.filter((t) => t.team === team));
    const accountIndex = pickAccountIndex(random, template);
    const account = DEMO_ACCOUNTS[accountIndex] as DemoAccount;
    const contact = pickContact(random, contacts[accountIndex] ?? [], template.from);
    scripts.push(planOne(random, now, template, account, contact));
  }
  return scripts.sort((a, b) => (a.steps[0]?.at.getTime() ?? 0) - (b.steps[0]?.at.getTime() ?? 0));
}

function pickAccountIndex(random: Random, template: ConversationTemplate): number {
  const presales = template.audience === "presales";
  const candidates = DEMO_ACCOUNTS.map((a, i) => [i, weightOf(a, presales)] as const).filter(([, w]) => w > 0);
  return random.weighted(candidates);
}

/** Bigger customers write more; churned accounts only about money. */
function weightOf(account: DemoAccount, presales: boolean): number {
  if (presales) return account.type === "prospect" || account.type === "trial" ? 1 : 0;
  if (account.type !== "customer") return 0;
  return account.tier === "Enterprise" ? 3 : account.tier === "Mid-Market" ? 2 : 1;
}

function pickContact(random: Random, people: readonly DemoContact[], role: ContactRole | undefined): DemoContact {
  const preferred = people.filter((c) => (role ? c.role === role : c.role === "data" || c.role === "lead"));
  return random.pick(preferred.length > 0 ? preferred : people);
}

function planOne(
  random: Random,
  now: Date,
  template: ConversationTemplate,
  account: DemoAccount,
  contact: DemoContact,
): IssueScript {
  const createdAt = pickCreatedAt(random, now, account.region);
  const state = pickState(random, (now.getTime() - createdAt.getTime()) / DAY);
  const channel = random.weighted(template.channels ?? DEFAULT_CHANNELS);
  const assignee = state === "new" ? null : pickAssignee(random, template.team, account);
  const vars = slotValues(random, template, account, contact, assignee, createdAt);
  // Templates list their variants in parallel (subject i, opening i, reply i … belong together).
  const variant = random.int(0, template.openings.length - 1);
  const say = (texts: readonly string[]) => fill(texts[variant % texts.length] ?? random.pick(texts), vars);
  const sayAny = (texts: readonly string[]) => fill(random.pick(texts), vars);
  const steps = timeline(random, now, createdAt, state, channel, template, { say, sayAny }, assignee);
  return {
    template,
    account,
    contact,
    channel,
    subject: say(template.subjects),
    state,
    team: template.team,
    assignee,
    priority: random.weighted(template.priority),
    tags: [...template.tags],
    steps: styleForChannel(steps, channel, contact, account, assignee),
  };
}

/** A third of the volume is from the last week, busiest today (the live inbox); the rest spreads over two months. */
function pickCreatedAt(random: Random, now: Date, region: DemoAccount["region"]): Date {
  const daysAgo = random.chance(0.35) ? 7 * random.next() ** 1.5 : 7 + random.next() * 53;
  const day = new Date(now.getTime() - daysAgo * DAY);
  // Customers write during their working day: 08:00–18:00 local, as UTC hours per region.
  const startHour = { NA: 13, EMEA: 7, APAC: 23 }[region];
  day.setUTCHours((startHour + random.int(0, 9)) % 24, random.int(0, 59), random.int(0, 59), 0);
  // Weekends are quiet, except the last day: the demo opens on a live inbox whatever day it starts.
  const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
  if (weekend && daysAgo >= 1) day.setTime(day.getTime() - 2 * DAY);
  return day.getTime() < now.getTime() - 20 * MINUTE ? day : new Date(now.getTime() - random.int(20, 90) * MINUTE);
}

/** Older conversations are mostly finished; the last days hold the open work. */
function pickState(random: Random, ageDays: number): IssueState {
  if (ageDays < 1)
    return random.weighted([
      ["new", 40],
      ["on_you", 30],
      ["on_customer", 25],
      ["closed", 5],
    ]);
  if (ageDays < 4)
    return random.weighted([
      ["new", 10],
      ["on_you", 30],
      ["on_customer", 25],
      ["on_hold", 10],
      ["closed", 25],
    ]);
  if (ageDays < 14)
    return random.weighted([
      ["on_you", 12],
      ["on_customer", 15],
      ["on_hold", 13],
      ["closed", 60],
    ]);
  return random.weighted([
    ["on_customer", 4],
    ["on_hold", 6],
    ["closed", 90],
  ]);
}

/** Pooled teams share the queue; Sales works by account owner; Customer Success by tier, else the lead. */
function pickAssignee(random: Random, teamName: TeamName, account: DemoAccount): string {
  const team = DEMO_TEAMS.find((t) => t.name === teamName);
  if (!team) throw new Error(`unknown team ${teamName}`);
  if (teamName === "Sales") return account.owner;
  if (teamName === "Customer Success") {
    return team.members.find((m) => m.tiers?.includes(account.tier))?.user ?? team.lead;
  }
  return random.pick(team.members).user;
}

function slotValues(
  random: Random,
  template: ConversationTemplate,
  account: DemoAccount,
  contact: DemoContact,
  assignee: string | null,
  createdAt: Date,
): Record<string, string> {
  const team = DEMO_TEAMS.find((t) => t.name === template.team);
  const agentKey = assignee ?? team?.lead ?? "priya";
  const colleagues = (team?.members ?? []).map((m) => m.user).filter((u) => u !== agentKey && u !== "admin");
  const picks = Object.fromEntries(Object.entries(VOCABULARY).map(([slot, values]) => [slot, random.pick(values)]));
  const lastMonth = new Date(Date.UTC(createdAt.getUTCFullYear(), createdAt.getUTCMonth() - 1, 1));
  const renewalDays = Math.max(account.renewalInDays ?? 90, 21);
  return {
    ...picks,
    first: contact.name.split(" ")[0] ?? contact.name,
    agent: firstNameOf(agentKey),
    agentKey,
    colleague: firstNameOf(colleagues.length > 0 ? random.pick(colleagues) : "priya"),
    account: account.name,
    tier: account.tier,
    plan: account.plan ?? "Trial",
    nextPlan: account.plan === "Business" ? "Enterprise" : "Business",
    arr: account.arr ? `$${Math.round(account.arr / 1000)}k` : "n/a",
    renewal: renewalDays < 60 ? `${Math.round(renewalDays / 7)} weeks` : `${Math.round(renewalDays / 30)} months`,
    region: { NA: "US East", EMEA: "EU (Frankfurt)", APAC: "Asia Pacific (Sydney)" }[account.region],
    month: lastMonth.toLocaleString("en-US", { month: "long", timeZone: "UTC" }),
  };
}

export function firstNameOf(userKey: string): string {
  if (userKey === "admin") return "Alex";
  return DEMO_USERS.find((u) => u.key === userKey)?.name.split(" ")[0] ?? userKey;
}

/** `say` picks the issue's variant of a template part; `sayAny` any one (notes, thanks). */
type Say = { say: (texts: readonly string[]) => string; sayAny: (texts: readonly string[]) => string };
type Draft = { gap: number } & (Step extends infer S ? (S extends Step ? Omit<S, "at"> : never) : never);

/** The conversation's steps with gaps between them, squeezed to fit between creation and now. */
function timeline(
  random: Random,
  now: Date,
  createdAt: Date,
  state: IssueState,
  channel: Channel,
  t: ConversationTemplate,
  { say, sayAny }: Say,
  assignee: string | null,
): Step[] {
  const firstResponse = { slack: [3, 45], widget: [2, 20], email: [15, 360], portal: [20, 480] }[channel];
  const drafts: Draft[] = [
    { gap: 0, kind: "customer", text: say(t.openings) },
    { gap: random.int(1, 3) * 20_000, kind: "route" },
  ];
  if (state !== "new") {
    const responseGap = random.int(firstResponse[0] ?? 5, firstResponse[1] ?? 60) * MINUTE;
    drafts.push(
      { gap: responseGap, kind: "take" },
      { gap: random.int(2, 8) * MINUTE, kind: "reply", text: say(t.replies) },
    );
    const noteBy = assignee ?? "priya";
    if (random.chance(0.35))
      drafts.push({
        gap: random.int(5, 90) * MINUTE,
        kind: "note",
        by: noteBy,
        text: sayAny([...(t.notes ?? []), ...GENERIC_NOTES]),
      });
    drafts.push(...ending(random, state, t, { say, sayAny }, noteBy));
  } else if (random.chance(0.2)) {
    drafts.push({ gap: random.int(30, 240) * MINUTE, kind: "customer", text: "Any update on this? It's blocking us." });
  }
  return squeeze(drafts, createdAt, now);
}

function ending(
  random: Random,
  state: IssueState,
  t: ConversationTemplate,
  { say, sayAny }: Say,
  noteBy: string,
): Draft[] {
  const hours = (min: number, max: number) => random.int(min * 60, max * 60) * MINUTE;
  const followUp: Draft = { gap: hours(0.3, 20), kind: "customer", text: say(t.followUps) };
  switch (state) {
    case "on_you":
      return [followUp];
    case "on_customer":
      return random.chance(0.5) ? [] : [followUp, { gap: hours(0.5, 24), kind: "reply", text: say(t.resolutions) }];
    case "on_hold": {
      const reason = t.holds ?? ["Waiting on engineering ({ticket}) before we can answer; checking back on Monday."];
      return [
        ...(random.chance(0.6) ? [followUp] : []),
        { gap: hours(0.2, 6), kind: "note", by: noteBy, text: sayAny(reason) },
        { gap: random.int(1, 5) * MINUTE, kind: "state", to: "on_hold" as const },
      ];
    }
    case "closed": {
      const thanks = random.chance(0.65);
      return [
        ...(random.chance(0.7) ? [followUp] : []),
        { gap: hours(0.5, 48), kind: "reply", text: say(t.resolutions) },
        ...(thanks
          ? [{ gap: hours(0.1, 12), kind: "customer" as const, text: sayAny(t.thanks ?? GENERIC_THANKS) }]
          : []),
        { gap: thanks ? hours(0.1, 2) : hours(4, 48), kind: "state", to: "closed" as const },
      ];
    }
    default:
      return [];
  }
}

/** Keeps every step in the past: a conversation that would run past now is compressed. */
function squeeze(drafts: Draft[], createdAt: Date, now: Date): Step[] {
  const total = drafts.reduce((sum, d) => sum + d.gap, 0);
  const room = now.getTime() - 2 * MINUTE - createdAt.getTime();
  const scale = total > room ? Math.max(room, 0) / total : 1;
  let at = createdAt.getTime();
  return drafts.map(({ gap, ...step }) => {
    at += Math.max(Math.round(gap * scale), 1000);
    return { ...step, at: new Date(at - (step.kind === "customer" && gap === 0 ? 1000 : 0)) } as Step;
  });
}

/** Email gets greetings and signatures; chat stays as typed. */
function styleForChannel(
  steps: Step[],
  channel: Channel,
  contact: DemoContact,
  account: DemoAccount,
  assignee: string | null,
): Step[] {
  if (channel !== "email") return steps;
  const agentName = assignee === "admin" ? "Alex Admin" : (DEMO_USERS.find((u) => u.key === assignee)?.name ?? "");
  return steps.map((step) => {
    if (step.kind === "customer")
      return { ...step, text: `Hi team,\n\n${step.text}\n\nThanks,\n${contact.name}\n${account.name}` };
    if (step.kind === "reply") return { ...step, text: `${step.text}\n\nBest,\n${agentName}` };
    return step;
  });
}
