// The demo company's customers, trials and prospects, with CRM-synced fields and the people
// at each (2–4 contacts on the account's own domain). Pure data: the seed writes it via commands.
import { type AccountTier, SALES_OWNERS } from "./people";
import { type Random, seededRandom } from "./random";

export type AccountType = "prospect" | "trial" | "customer" | "churned";
export type ContactRole = "data" | "ops" | "finance" | "lead";

export interface DemoAccount {
  name: string;
  slug: string;
  type: AccountType;
  tier: AccountTier;
  industry: string;
  region: "NA" | "EMEA" | "APAC";
  /** Sales rep (user key) who owns the account in the CRM. */
  owner: string;
  plan: "Trial" | "Starter" | "Growth" | "Business" | "Enterprise" | null;
  arr: number | null;
  /** Days from the seed date; negative is in the past. */
  renewalInDays: number | null;
  products: string[];
}

export interface DemoContact {
  name: string;
  email: string;
  role: ContactRole;
  slackUserId: string;
  externalId: string;
}

type Row = [name: string, type: AccountType, tier: AccountTier, industry: string, region: DemoAccount["region"]];

const ROWS: readonly Row[] = [
  ["Northwind Logistics", "customer", "Enterprise", "Logistics", "NA"],
  ["Brightpath Health", "customer", "Enterprise", "Healthcare", "NA"],
  ["Lumen Analytics", "customer", "Mid-Market", "Software", "EMEA"],
  ["Harborview Capital", "customer", "Enterprise", "Financial services", "NA"],
  ["Quillfeather Publishing", "customer", "SMB", "Media", "EMEA"],
  ["Tessellate Labs", "customer", "Mid-Market", "Software", "NA"],
  ["Orbital Freight", "customer", "Mid-Market", "Logistics", "APAC"],
  ["Kestrel Insurance", "customer", "Enterprise", "Insurance", "EMEA"],
  ["Bluefin Retail", "customer", "Mid-Market", "Retail", "NA"],
  ["Cedar & Stone Realty", "customer", "SMB", "Real estate", "NA"],
  ["Mapleleaf Foods", "customer", "Mid-Market", "Consumer goods", "NA"],
  ["Vantage Point HR", "customer", "SMB", "Software", "EMEA"],
  ["Ironbridge Manufacturing", "customer", "Enterprise", "Manufacturing", "EMEA"],
  ["Sparrow Mobility", "customer", "SMB", "Transportation", "APAC"],
  ["Helios Energy", "customer", "Enterprise", "Energy", "NA"],
  ["Pinecrest Education", "customer", "SMB", "Education", "NA"],
  ["Driftwood Travel", "customer", "Mid-Market", "Travel", "EMEA"],
  ["Copperline Telecom", "customer", "Enterprise", "Telecommunications", "APAC"],
  ["Fernway Robotics", "trial", "Mid-Market", "Hardware", "NA"],
  ["Glasshouse Media", "trial", "SMB", "Media", "EMEA"],
  ["Nimbus Payroll", "trial", "Mid-Market", "Software", "NA"],
  ["Saltmarsh Outdoor", "trial", "SMB", "Retail", "NA"],
  ["Atlas Legal Cloud", "trial", "Enterprise", "Legal tech", "EMEA"],
  ["Wavecrest Hotels", "trial", "Mid-Market", "Hospitality", "APAC"],
  ["Juniper Biotech", "prospect", "Enterprise", "Life sciences", "NA"],
  ["Redwood Security", "prospect", "Mid-Market", "Cybersecurity", "NA"],
  ["Summit Peak Fitness", "prospect", "SMB", "Consumer", "NA"],
  ["Trellis Agritech", "prospect", "Mid-Market", "Agriculture", "EMEA"],
  ["Obsidian Games", "prospect", "SMB", "Gaming", "APAC"],
  ["Polaris Fleet", "prospect", "Enterprise", "Transportation", "EMEA"],
  ["Marigold Events", "churned", "SMB", "Events", "NA"],
];

export const PRODUCTS = [
  "Connectors",
  "Reverse ETL",
  "Transformations",
  "Observability",
  "Private networking",
] as const;

const PLAN_BY_TIER: Record<AccountTier, NonNullable<DemoAccount["plan"]>> = {
  Enterprise: "Enterprise",
  "Mid-Market": "Business",
  SMB: "Growth",
};
const ARR_RANGE: Record<AccountTier, [number, number]> = {
  Enterprise: [120, 420],
  "Mid-Market": [36, 110],
  SMB: [9, 30],
};

export const DEMO_ACCOUNTS: readonly DemoAccount[] = ROWS.map((row, index) => buildAccount(row, index));

function buildAccount([name, type, tier, industry, region]: Row, index: number): DemoAccount {
  const random = seededRandom(1000 + index);
  const paying = type === "customer";
  const [low, high] = ARR_RANGE[tier];
  return {
    name,
    slug: slugOf(name),
    type,
    tier,
    industry,
    region,
    owner: SALES_OWNERS[index % SALES_OWNERS.length] ?? "rachel",
    plan: paying
      ? tier === "SMB" && random.chance(0.4)
        ? "Starter"
        : PLAN_BY_TIER[tier]
      : type === "trial"
        ? "Trial"
        : null,
    arr: paying ? random.int(low, high) * 1000 : null,
    renewalInDays: paying ? random.int(-20, 330) : null,
    products: paying ? ["Connectors", ...random.sample(PRODUCTS.slice(1), random.int(0, 3))] : [],
  };
}

export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "");
}

/** `.example` is reserved (RFC 2606): demo replies can never reach a real mailbox. */
export const domainOf = (account: DemoAccount) => `${account.slug}.example`;

const FIRST = [
  "Olivia",
  "Liam",
  "Maya",
  "Noah",
  "Zara",
  "Ethan",
  "Chloe",
  "Mateo",
  "Leila",
  "Oscar",
  "Ingrid",
  "Ravi",
  "Amara",
  "Felix",
  "Jade",
  "Tobias",
  "Camille",
  "Yusuf",
  "Freya",
  "Diego",
  "Mei",
  "Arjun",
  "Sienna",
  "Lukas",
  "Nadia",
  "Caleb",
  "Anya",
  "Hugo",
  "Priyanka",
  "Samuel",
  "Elif",
  "Jasper",
  "Rosa",
  "Theo",
  "Keiko",
  "Malik",
];
const LAST = [
  "Hart",
  "Nakamura",
  "Okonkwo",
  "Silva",
  "Brennan",
  "Fischer",
  "Moreau",
  "Patel",
  "Lindgren",
  "Costa",
  "Novak",
  "Achebe",
  "Duarte",
  "Holm",
  "Ivanova",
  "Kowalski",
  "Mensah",
  "Reyes",
  "Sato",
  "Tanaka",
  "Varga",
  "Whitfield",
  "Yilmaz",
  "Zhou",
  "Abbott",
  "Bauer",
  "Castillo",
  "Dempsey",
  "Eriksen",
  "Farouk",
  "Grant",
  "Haddad",
];

/** Every account has a technical lead; customers also have someone in finance for invoices. */
export function contactsFor(account: DemoAccount, index: number): DemoContact[] {
  const random = seededRandom(5000 + index);
  const roles: ContactRole[] = ["lead", "data"];
  if (account.type === "customer" || account.type === "churned") roles.push("finance");
  if (random.chance(0.5)) roles.push("ops");
  const used = new Set<string>();
  return roles.map((role, n) => {
    const name = uniqueName(random, used);
    const [first = "", last = ""] = name.toLowerCase().split(" ");
    const hex = ((index + 1) * 97 + n * 13).toString(16).toUpperCase().padStart(4, "0");
    return {
      name,
      email: `${first}.${last}@${domainOf(account)}`,
      role,
      slackUserId: `U0DEMO${hex}`,
      externalId: `usr_${account.slug}_${n + 1}`,
    };
  });
}

function uniqueName(random: Random, used: Set<string>): string {
  for (;;) {
    const name = `${random.pick(FIRST)} ${random.pick(LAST)}`;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}
