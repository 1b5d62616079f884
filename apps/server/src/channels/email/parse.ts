// Raw MIME → the facts the email channel needs. mailparser does the MIME work (encodings,
// charsets, nested multiparts); this file only normalises what it returns and bounds sizes.
import type { AddressObject, EmailAddress, ParsedMail } from "mailparser";
import { simpleParser } from "mailparser";
import type { InboundAttachment } from "../../commands/inboundMessage";
import { messageIdList, normaliseAddress, normaliseMessageId } from "../../domain/email/address";

export interface Mailbox {
  address: string;
  name?: string;
}

export interface ParsedEmail {
  messageId?: string;
  inReplyTo: string[];
  /** Oldest first, as in the header. */
  references: string[];
  from?: Mailbox;
  to: Mailbox[];
  cc: Mailbox[];
  /** Delivered-To / X-Original-To: where a provider says it delivered the mail. */
  deliveredTo: string[];
  subject: string;
  text: string;
  html?: string;
  date?: Date;
  contentType: string;
  header(name: string): string | undefined;
  attachments: InboundAttachment[];
  /** Parts we dropped (too large) with why, so the message can say so. */
  skipped: string[];
}

export const LIMITS = {
  /** Bigger than the message table accepts; bodies are cut here with a visible note. */
  textChars: 100_000,
  htmlChars: 500_000,
  attachmentBytes: 10 * 1024 * 1024,
  attachmentsPerMessage: 20,
};

/**
 * A hostile message is one that costs work, so parsing is abandoned after 15 s of this process's
 * CPU time, not of waiting: on a busy host (a burst of mail, a loaded CI machine) wall time grows
 * while a good message still needs only its usual work, and it must not be quarantined for that.
 * The wall-clock cap only catches a parse that stopped making progress.
 */
const PARSE_BUDGET = { cpuMs: 15_000, wallMs: 120_000 };

export async function parseEmail(raw: Buffer): Promise<ParsedEmail> {
  const mail = await withTimeout(
    simpleParser(raw, {
      keepCidLinks: true,
      skipImageLinks: true,
      skipTextLinks: true,
      maxHtmlLengthToParse: 2_000_000,
    }),
    PARSE_BUDGET,
  );
  const lines = new Map<string, string>();
  for (const { key, line } of mail.headerLines) {
    if (!lines.has(key)) lines.set(key, line.slice(line.indexOf(":") + 1).trim());
  }
  const { attachments, skipped } = keptAttachments(mail);
  return {
    messageId: normaliseMessageId(mail.messageId),
    inReplyTo: messageIdList(mail.inReplyTo),
    references: messageIdList(mail.references),
    from: mailboxes(mail.from)[0],
    to: mailboxes(mail.to),
    cc: mailboxes(mail.cc),
    deliveredTo: ["delivered-to", "x-original-to", "envelope-to"]
      .map((h) => normaliseAddress(lines.get(h)))
      .filter((a): a is string => Boolean(a)),
    subject: cleanSubject(mail.subject),
    text: bounded(mail.text ?? "", LIMITS.textChars),
    html: typeof mail.html === "string" && mail.html.trim() ? mail.html.slice(0, LIMITS.htmlChars) : undefined,
    date: validDate(mail.date),
    contentType: contentTypeOf(mail),
    header: (name) => lines.get(name.toLowerCase()),
    attachments,
    skipped,
  };
}

function mailboxes(value: AddressObject | AddressObject[] | undefined): Mailbox[] {
  const objects = Array.isArray(value) ? value : value ? [value] : [];
  const flat = (list: EmailAddress[]): EmailAddress[] => list.flatMap((a) => (a.group ? flat(a.group) : [a]));
  return objects
    .flatMap((o) => flat(o.value ?? []))
    .flatMap((a): Mailbox[] => {
      const address = normaliseAddress(a.address);
      return address ? [{ address, name: a.name?.trim() || undefined }] : [];
    });
}

function keptAttachments(mail: ParsedMail): { attachments: InboundAttachment[]; skipped: string[] } {
  const attachments: InboundAttachment[] = [];
  const skipped: string[] = [];
  for (const part of mail.attachments ?? []) {
    const filename = (part.filename ?? "").replace(/[\\/\0\r\n]/g, "_").slice(0, 200) || "attachment";
    if (part.size > LIMITS.attachmentBytes)
      skipped.push(`${filename} (larger than ${LIMITS.attachmentBytes / 1048576} MB)`);
    else if (attachments.length >= LIMITS.attachmentsPerMessage) skipped.push(`${filename} (too many attachments)`);
    else
      attachments.push({
        filename,
        contentType: part.contentType || "application/octet-stream",
        size: part.size,
        content: part.content,
        ...(part.cid && { contentId: part.cid.replace(/^<|>$/g, "") }),
      });
  }
  return { attachments, skipped };
}

function contentTypeOf(mail: ParsedMail): string {
  const value = mail.headers.get("content-type");
  const type =
    typeof value === "object" && value && "value" in value ? value.value : typeof value === "string" ? value : "";
  return String(type).toLowerCase().trim() || "text/plain";
}

function cleanSubject(subject: string | undefined): string {
  // Control characters (often from broken encodings) become spaces.
  return Array.from(subject ?? "", (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? " " : c))
    .join("")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 500);
}

function bounded(text: string, max: number): string {
  // PostgreSQL text cannot hold NUL.
  const clean = text.replaceAll(String.fromCharCode(0), "");
  return clean.length > max ? `${clean.slice(0, max - 60)}\n\n[… message truncated by Switchboard]` : clean;
}

function validDate(date: Date | undefined): Date | undefined {
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}

function withTimeout<T>(promise: Promise<T>, budget: { cpuMs: number; wallMs: number }): Promise<T> {
  const started = Date.now();
  const cpuAtStart = process.cpuUsage();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const cpu = process.cpuUsage(cpuAtStart);
      const cpuMs = (cpu.user + cpu.system) / 1000;
      if (cpuMs > budget.cpuMs) reject(new Error(`MIME parsing took longer than ${budget.cpuMs / 1000} s`));
      else if (Date.now() - started > budget.wallMs)
        reject(new Error(`MIME parsing made no progress for ${budget.wallMs / 1000} s`));
    }, 250);
  });
  return Promise.race([promise, timeout]).finally(() => clearInterval(timer));
}
