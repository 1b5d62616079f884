// `switchboard workspace create|list`: scripted installs and hosting several workspaces. The
// same application command as the setup page creates the workspace; the admin gets a one-time
// link to set their password, printed here (no password passes through a shell history).
import { parseArgs } from "node:util";
import { EmailDomain, Plan, TimeZone } from "@switchboard/api";
import { asc } from "drizzle-orm";
import { z } from "zod";
import { allowPasswordLogin } from "./commands/sso";
import { createWorkspaceWithLink } from "./commands/workspaces";
import { type Config, publicUrlOf } from "./config";
import { workspaces } from "./db/schema";
import { accountLink } from "./domain/accountMail";
import { AppError } from "./domain/errors";
import type { Services } from "./services";

const CreateArgs = z.object({
  name: z.string().trim().min(1, "--name is required").max(200),
  domain: z.array(EmailDomain).min(1, "--domain is required (repeat it for several domains)"),
  "admin-email": z.string({ error: "--admin-email is required" }).trim().email("--admin-email is not an email address"),
  "admin-name": z.string().trim().min(1).max(200).optional(),
  "time-zone": TimeZone.default("UTC"),
  plan: Plan.default("pro"),
});

/** Runs `workspace <sub>`; returns the process exit code. */
export async function workspaceCommand(
  config: Config,
  open: () => Promise<Services>,
  argv: string[],
  usage: string,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === "create") return create(config, open, rest);
  if (sub === "list") return list(open);
  if (sub === "allow-password") return allowPassword(open, rest, usage);
  console.error(usage);
  return 1;
}

async function create(config: Config, open: () => Promise<Services>, argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      domain: { type: "string", multiple: true },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
      "time-zone": { type: "string" },
      plan: { type: "string" },
    },
    strict: true,
  });
  const parsed = CreateArgs.safeParse({ ...values, domain: values.domain ?? [] });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`workspace create: ${issue.message}`);
    return 1;
  }
  const args = parsed.data;
  const services = await open();
  try {
    const [domain, ...more] = args.domain;
    const email = args["admin-email"].toLowerCase();
    const { workspace, admin, secret } = await createWorkspaceWithLink(services, {
      name: args.name,
      domain: domain ?? "",
      domains: more,
      timeZone: args["time-zone"],
      plan: args.plan,
      admin: { email, name: args["admin-name"] ?? email.split("@")[0] ?? email },
    });
    console.log(`workspace created: ${workspace.name} (${workspace.domains.join(", ")}), id ${workspace.id}`);
    console.log(`admin: ${admin.email}`);
    console.log("One-time link for the admin to set their password (valid 7 days, works once):");
    console.log(`  ${accountLink({ template: "set_password", baseUrl: publicUrlOf(config), token: secret })}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`workspace create: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    await services.close();
  }
}

async function list(open: () => Promise<Services>): Promise<number> {
  const services = await open();
  try {
    const rows = await services.database.db.select().from(workspaces).orderBy(asc(workspaces.createdAt));
    if (rows.length === 0)
      console.log("no workspaces yet (start the server for the setup page, or `workspace create`)");
    for (const w of rows) {
      console.log(`${w.id}  ${w.name}  ${w.domains.join(",") || w.domain}  ${w.plan}  ${w.timeZone}`);
    }
    return 0;
  } finally {
    await services.close();
  }
}

/** The owner's break-glass when SSO is broken: password login works again (audited). */
async function allowPassword(open: () => Promise<Services>, argv: string[], usage: string): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { domain: { type: "string" } } });
  if (!values.domain) {
    console.error(usage);
    return 1;
  }
  const services = await open();
  try {
    await allowPasswordLogin(services, values.domain);
    console.log(`password login allowed again for ${values.domain}`);
    return 0;
  } finally {
    await services.close();
  }
}
