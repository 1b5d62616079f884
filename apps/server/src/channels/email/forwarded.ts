// The original sender of a forwarded mail ("Fwd: …"): a colleague forwarding a customer's mail to
// the team address brings that customer along, who becomes the issue's requester.
import type { Mailbox } from "./parse";

const FORWARD_SUBJECT = /^\s*(fwd?|fw|wg|tr|rv|enc)\s*:/i;
const FORWARD_MARKER =
  /^\s*(-{2,}\s*(Forwarded message|Original Message|Weitergeleitete Nachricht|Ursprüngliche Nachricht|Message transféré|Message d'origine)\s*-{2,}|Begin forwarded message:)\s*$/im;
const FROM_LINE = /^\s*\*?(From|Von|De)\s*:\*?\s*(.+)$/im;

/**
 * The sender named in the forwarded header block (Gmail, Outlook, Apple Mail, in English,
 * German and French), when the mail reads as a forward; undefined otherwise.
 */
export function forwardedSender(subject: string, text: string): Mailbox | undefined {
  const marker = FORWARD_MARKER.exec(text);
  if (!marker && !FORWARD_SUBJECT.test(subject)) return undefined;
  const block = marker ? text.slice(marker.index + marker[0].length) : text;
  const from = FROM_LINE.exec(block)?.[2]?.trim();
  return from ? mailboxOf(from) : undefined;
}

/** `Ann Lee <ann@x.test>`, `"Lee, Ann" [mailto:ann@x.test]`, or a bare address. */
function mailboxOf(value: string): Mailbox | undefined {
  const bracketed = /^(.*?)\s*[<[](?:mailto:)?([^\s<>[\]@]+@[^\s<>[\]]+)[>\]]/i.exec(value);
  if (bracketed?.[2]) {
    const name = bracketed[1]?.replace(/^["']|["']$/g, "").trim();
    return { address: bracketed[2].toLowerCase(), ...(name && { name }) };
  }
  const bare = /([^\s<>"'[\]@]+@[^\s<>"'[\]]+\.[a-z]{2,})/i.exec(value)?.[1];
  return bare ? { address: bare.toLowerCase() } : undefined;
}
