// Email addresses as Switchboard reads them: lower-cased, plus tags split off, and the
// per-issue reply token we put in Reply-To (support+<token>@…) and in subjects ([#<token>]).
import { createHash } from "node:crypto";

/** `Ann <Ann.Lee@Example.com>` or `ann.lee@example.com ` → `ann.lee@example.com`; undefined when not an address. */
export function normaliseAddress(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const bracketed = raw.match(/<([^<>]*)>/)?.[1] ?? raw;
  const address = bracketed.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address) ? address : undefined;
}

/** `support+42-ab12cd34@acme.test` → { base: `support@acme.test`, tag: `42-ab12cd34` }. */
export function splitPlus(address: string): { base: string; tag?: string } {
  const at = address.lastIndexOf("@");
  if (at < 0) return { base: address };
  const local = address.slice(0, at);
  const domain = address.slice(at);
  const plus = local.indexOf("+");
  if (plus < 0) return { base: address };
  return { base: `${local.slice(0, plus)}${domain}`, tag: local.slice(plus + 1) || undefined };
}

export const domainOf = (address: string): string => address.slice(address.lastIndexOf("@") + 1);

/**
 * The reply token of an issue: its number plus a digest of its id. The id is random and never
 * shown to customers, so a token cannot be guessed from a number alone.
 */
export function replyToken(issue: { id: string; number: number }): string {
  return `${issue.number}-${createHash("sha256").update(`switchboard-reply:${issue.id}`).digest("hex").slice(0, 8)}`;
}

export interface ParsedToken {
  number: number;
  token: string;
}

const TOKEN = /^(\d{1,9})-([0-9a-f]{8})$/;

export function parseToken(text: string | undefined): ParsedToken | undefined {
  const match = text?.toLowerCase().match(TOKEN);
  if (!match?.[1]) return undefined;
  return { number: Number(match[1]), token: match[0] };
}

/** `Re: Export broken [#42-ab12cd34]` → the token; only the bracketed form counts, never bare text. */
export function subjectToken(subject: string | undefined): ParsedToken | undefined {
  const match = subject?.match(/\[#(\d{1,9}-[0-9a-fA-F]{8})\]/);
  return parseToken(match?.[1]);
}

export const withSubjectToken = (subject: string, token: string): string =>
  subject.includes(`[#${token}]`) ? subject : `${subject} [#${token}]`;

/** Message-IDs are compared without angle brackets or surrounding space. */
export function normaliseMessageId(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const id = raw
    .trim()
    .replace(/^<+|>+$/g, "")
    .trim();
  return id.length > 0 && id.length <= 998 && !/\s/.test(id) ? id : undefined;
}

/** Splits a References/In-Reply-To header into Message-IDs, oldest first. */
export function messageIdList(raw: string | string[] | undefined | null): string[] {
  if (!raw) return [];
  const text = Array.isArray(raw) ? raw.join(" ") : raw;
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] ?? "");
  const ids = bracketed.length > 0 ? bracketed : text.split(/[\s,]+/);
  return ids.map((id) => normaliseMessageId(id)).filter((id): id is string => Boolean(id));
}
