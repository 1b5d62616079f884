// Public API schemas of email set-up in the app: outbound SMTP settings (password sealed at rest),
// the test mail, DKIM, and per inbox how mail reaches Switchboard plus the arrival check.
import { z } from "zod";
import { Timestamp, type Wire } from "./responses";

export const smtpSecurities = ["starttls", "tls", "none"] as const;

const Hostname = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.-]+$|^\[[0-9a-fA-F:.]+\]$/, "a host name or IP address");

export const EmailSettingsInput = z.strictObject({
  host: Hostname,
  /** Defaults by security: 587 (starttls), 465 (tls), 25 (none). */
  port: z.number().int().min(1).max(65535).optional(),
  security: z.enum(smtpSecurities).default("starttls"),
  user: z.string().trim().max(320).nullish(),
  /** Omitted keeps the stored password; null or "" removes it. */
  password: z.string().max(1000).nullish(),
});

export const EmailTestInput = z.strictObject({ to: z.string().trim().toLowerCase().email().max(254) });

export const DkimInput = z.strictObject({
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(253)
    .regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, "a domain such as acme.com"),
  selector: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "letters, digits and hyphens")
    .default("switchboard"),
});

export const DkimSettings = z.strictObject({
  domain: z.string(),
  selector: z.string(),
  /** The TXT record to publish: name, value, and the same as a zone-file line. */
  record: z.strictObject({ name: z.string(), value: z.string(), zoneLine: z.string() }),
});

export const EmailSettings = z.strictObject({
  /** What sends mail now: SMTP_URL from the environment wins over these settings. */
  active: z.enum(["environment", "settings", "none"]),
  /** The environment's SMTP_URL without its password, when set. */
  environment: z.string().nullable(),
  host: z.string().nullable(),
  port: z.number().int().nullable(),
  security: z.enum(smtpSecurities),
  user: z.string().nullable(),
  passwordSet: z.boolean(),
  dkim: DkimSettings.nullable(),
  updatedAt: Timestamp.nullable(),
});
export type EmailSettings = Wire<typeof EmailSettings>;

/** The SMTP server's own answer to a test mail (or why it was not accepted). */
export const EmailTestResult = z.strictObject({
  ok: z.boolean(),
  via: z.enum(["environment", "settings"]),
  /** The final SMTP reply, e.g. "250 2.0.0 Ok: queued as 4F2…". */
  response: z.string().nullable(),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
  error: z.string().nullable(),
  dkimSigned: z.boolean(),
});
export type EmailTestResult = Wire<typeof EmailTestResult>;

export const InboxCheck = z.strictObject({
  /** Put this in the subject of a mail you send yourself and the check recognises it too. */
  subjectToken: z.string(),
  sentAt: Timestamp,
  arrivedAt: Timestamp.nullable(),
});

/** How mail reaches one inbox: the address to forward to and where its domain's MX points. */
export const InboxSetup = z.strictObject({
  inboxId: z.string(),
  address: z.string(),
  /** The SMTP listener as the world must reach it (MX host from PUBLIC_URL, and its port). */
  listener: z.strictObject({ host: z.string().nullable(), port: z.number().int(), bind: z.string() }),
  /** The MX record for the inbox's domain, when that domain's mail is to come here directly. */
  mxRecord: z.string().nullable(),
  check: InboxCheck.nullable(),
});
export type InboxSetup = Wire<typeof InboxSetup>;

export const InboxCheckResult = InboxSetup.extend({
  /** Whether Switchboard could send the test mail itself (outbound email configured). */
  sent: z.boolean(),
  sendError: z.string().nullable(),
});
export type InboxCheckResult = Wire<typeof InboxCheckResult>;
