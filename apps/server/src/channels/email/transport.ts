// The one outbound email transport factory: replies, test mails and system mails (password
// resets, invitations) of a workspace all leave through `sendWorkspaceMail`. SMTP_URL in the
// environment overrides the workspace's settings; DKIM-signs when the From domain is the key's.
import nodemailer, { type SendMailOptions, type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { dkimAligned } from "../../domain/email/dkim";
import { emailSettingsOf } from "../../queries/emailSettings";
import type { Services } from "../../services";

export interface OutboundTransport {
  via: "environment" | "settings";
  transport: Transporter<SMTPTransport.SentMessageInfo>;
  /** nodemailer's DKIM options for mail From the key's domain. */
  dkim?: { domainName: string; keySelector: string; privateKey: string };
}

export const DEFAULT_PORTS = { starttls: 587, tls: 465, none: 25 } as const;

const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The workspace's transport, or undefined when neither SMTP_URL nor settings name a server. */
export async function outboundTransport(
  services: Pick<Services, "config" | "database" | "secrets">,
  workspaceId: string,
): Promise<OutboundTransport | undefined> {
  const settings = await emailSettingsOf(services.database.db, workspaceId);
  const dkim =
    settings?.dkimDomain && settings.dkimSelector && settings.dkimPrivateKeySealed
      ? {
          domainName: settings.dkimDomain,
          keySelector: settings.dkimSelector,
          privateKey: services.secrets.open(settings.dkimPrivateKeySealed),
        }
      : undefined;
  const url = services.config.SMTP_URL;
  if (url) return { via: "environment", transport: cached("environment", url, () => ({ url, ...TIMEOUTS })), dkim };
  if (!settings?.smtpHost) return undefined;
  const { smtpHost: host, smtpSecurity: security, smtpUser: user, smtpPasswordSealed: sealed } = settings;
  const port = settings.smtpPort ?? DEFAULT_PORTS[security];
  // The sealed text (not the password) keys the cache: a new password builds a new transport.
  const signature = JSON.stringify([host, port, security, user, sealed]);
  const transport = cached(workspaceId, signature, () => ({
    host,
    port,
    secure: security === "tls",
    requireTLS: security === "starttls",
    ignoreTLS: security === "none",
    ...(user && { auth: { user, pass: sealed ? services.secrets.open(sealed) : "" } }),
    ...TIMEOUTS,
  }));
  return { via: "settings", transport, dkim };
}

export class NoTransport extends Error {
  constructor() {
    super("No outgoing email server is configured: set one in Settings → Outgoing email (or SMTP_URL).");
    this.name = "NoTransport";
  }
}

/** Sends one mail for the workspace; throws NoTransport when nothing is configured. */
export async function sendWorkspaceMail(
  services: Services,
  workspaceId: string,
  mail: SendMailOptions,
  /** The workspace's transport when the caller sends many mails (a broadcast): looked up once. */
  known?: OutboundTransport,
): Promise<SMTPTransport.SentMessageInfo & { via: OutboundTransport["via"]; dkimSigned: boolean }> {
  const outbound = known ?? (await outboundTransport(services, workspaceId));
  if (!outbound) throw new NoTransport();
  const from = fromAddress(mail.from);
  const sign = outbound.dkim && from && dkimAligned(from, outbound.dkim.domainName) ? outbound.dkim : undefined;
  const info = await outbound.transport.sendMail({ ...mail, ...(sign && { dkim: sign }) });
  return { ...info, via: outbound.via, dkimSigned: Boolean(sign) };
}

function fromAddress(from: SendMailOptions["from"]): string | undefined {
  if (!from) return undefined;
  if (typeof from === "string") return /<([^>]+)>/.exec(from)?.[1] ?? from;
  if (Array.isArray(from)) return undefined;
  return from.address;
}

const transports = new Map<string, { signature: string; transport: Transporter<SMTPTransport.SentMessageInfo> }>();

/** One transport per workspace (or the environment's); changed settings close the old one. */
function cached(slot: string, signature: string, options: () => SMTPTransport.Options) {
  const current = transports.get(slot);
  if (current?.signature === signature) return current.transport;
  current?.transport.close();
  const transport = nodemailer.createTransport(options());
  transports.set(slot, { signature, transport });
  return transport;
}
