// All configuration, read once from the environment at start-up. Defaults make
// `npm start` work on a fresh machine with the embedded database.
import path from "node:path";
import { z } from "zod";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("127.0.0.1"),
  DATA_DIR: z.string().default("./data"),
  /** A PostgreSQL server; unset means the embedded PGlite database in DATA_DIR. */
  DATABASE_URL: z.string().url().optional(),
  DATABASE_REPLICA_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Public URL of this server, used in links we send out. */
  PUBLIC_URL: z.string().url().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .default(24 * 14),
  /**
   * Which proxies may say who the client is (X-Forwarded-For): "none" (the default: the peer's
   * address is the client's), a hop count ("1": one proxy in front), or a comma-separated list of
   * proxy addresses or CIDRs. Login throttling keys on the address this yields.
   */
  TRUST_PROXY: z
    .string()
    .default("none")
    .transform((value, ctx) => trustProxyOf(value, ctx)),
  /** Failed logins one address may make (across accounts) before it has to wait. */
  LOGIN_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).default(50),
  /** Set to "1" behind HTTPS so cookies get the Secure flag. */
  COOKIE_SECURE: z.enum(["0", "1"]).default("0"),
  /**
   * Encrypts secrets stored in the database (SMTP password, DKIM key). Unset on the embedded
   * database: a key generated into DATA_DIR/secret.key. Required with DATABASE_URL.
   */
  SECRET_KEY: z.string().min(16, "use at least 16 characters (e.g. openssl rand -hex 32)").optional(),
  SMTP_HOST: z.string().default("127.0.0.1"),
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
  SMTP_URL: z.string().optional(),
  /** A reply to an email issue closed longer ago than this opens a new, linked issue. */
  EMAIL_REOPEN_DAYS: z.coerce.number().min(0).default(30),
  /**
   * Broadcast emails a workspace sends per minute, and over how many SMTP connections at once:
   * providers limit bulk mail (Amazon SES starts at 14 per second, Google Workspace at about 2,000
   * a day); set these to your relay's limits.
   */
  BROADCAST_EMAILS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  BROADCAST_EMAIL_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(4),
  /**
   * Broadcast posts a workspace makes in Slack per minute. Slack's chat.postMessage allows about
   * one message per second per channel (client.ts paces that) and "several hundred" per minute
   * across the workspace; agents' replies share that budget, so a broadcast takes part of it.
   */
  BROADCAST_SLACK_POSTS_PER_MINUTE: z.coerce.number().int().min(1).default(240),
  /** Largest inbound email accepted over SMTP or HTTP, in megabytes. */
  EMAIL_MAX_MB: z.coerce.number().positive().default(25),
  /**
   * A worker process beats every few seconds; one silent this long is dead, and the jobs and Slack
   * events it had claimed are taken over by a live worker.
   */
  WORKER_LEASE_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  /** How long start-up waits for an unreachable database (with back-off) before giving up. */
  DATABASE_WAIT_SECONDS: z.coerce.number().min(0).default(300),
  SLACK_SIGNING_SECRET: z.string().optional(),
  SLACK_BOT_TOKEN: z.string().optional(),
  SLACK_API_URL: z.string().url().optional(),
  LINEAR_API_URL: z.string().url().optional(),
  /** 1 lets webhooks reach private, loopback and link-local addresses (a local receiver, tests). */
  WEBHOOKS_ALLOW_PRIVATE: z.enum(["0", "1"]).default("0"),
  /** Seconds before a failed delivery's first retry; each further retry waits twice as long (at most an hour). */
  WEBHOOKS_RETRY_BASE_SECONDS: z.coerce.number().min(0).default(30),
  WEBHOOKS_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  /** Failed attempts in a row after which a webhook is disabled. */
  WEBHOOKS_DISABLE_AFTER: z.coerce.number().int().min(1).default(15),
  WEBHOOKS_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** How often the server reads new events for webhooks. */
  WEBHOOKS_POLL_MS: z.coerce.number().int().min(10).default(1000),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_MODEL: z.string().optional(),
  /** 1 (default): an empty database gets the demo workspace. 0 (production): the first visit opens the setup page. */
  SWITCHBOARD_DEMO: z.enum(["0", "1"]).default("1"),
});

function trustProxyOf(value: string, ctx: z.RefinementCtx): false | number | string[] {
  const v = value.trim();
  if (v === "" || v === "none" || v === "0") return false;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(",").map((a) => a.trim());
  if (list.some((a) => !/^[\da-fA-F.:]+(\/\d{1,3})?$/.test(a))) {
    ctx.addIssue({
      code: "custom",
      message: 'Give "none", a hop count, or proxy addresses/CIDRs separated by commas.',
    });
    return z.NEVER;
  }
  return list;
}

export type Config = z.infer<typeof schema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}

/** The address people reach this server at, for links in mails and CLI output. */
export function publicUrlOf(config: Pick<Config, "PUBLIC_URL" | "HOST" | "PORT">): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, "");
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "localhost" : config.HOST;
  return `http://${host.includes(":") ? `[${host}]` : host}:${config.PORT}`;
}
