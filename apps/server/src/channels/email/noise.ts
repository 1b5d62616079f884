// Mail that must never open an issue: auto-replies, bounces, bulk mail and our own mail coming
// back. Answering any of them would start a mail loop with a robot. Pure, so it is tested alone.

export type NoiseKind = "auto_reply" | "bounce" | "bulk" | "own_address";

export interface NoiseFacts {
  /** Lower-cased header name → its raw text (first occurrence). */
  header(name: string): string | undefined;
  /** MIME type of the top-level part, e.g. `multipart/report`. */
  contentType: string;
  subject: string;
  /** The From address, normalised; undefined when the header had none. */
  fromAddress?: string;
  /** SMTP MAIL FROM; `""` is the null sender (`<>`), undefined when unknown (HTTP intake). */
  envelopeFrom?: string;
  /** Our own inbox addresses (any workspace): mail from them is our own mail looping back. */
  isOwnAddress(address: string): boolean;
}

export interface Noise {
  kind: NoiseKind;
  reason: string;
}

const AUTO_REPLY_HEADERS = ["x-autoreply", "x-autorespond", "x-auto-reply", "x-autoresponder", "x-mail-autoreply"];
const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|bounces?)([+@-]|$)/i;
const AUTO_SUBJECT =
  /^\s*(auto(matic)?[\s_-]*(reply|response|antwort)|out of (the )?office|ooo\b|abwesenheit|r[ée]ponse automatique|automatische antwort|respuesta autom[aá]tica|risposta automatica|autosvar|i am (currently )?(out of|away)|undeliver(able|ed)|delivery status notification|mail delivery (failed|failure|subsystem)|returned mail)/i;

export function classifyNoise(facts: NoiseFacts): Noise | undefined {
  return ownMail(facts) ?? bounce(facts) ?? autoReply(facts) ?? bulk(facts);
}

function ownMail(facts: NoiseFacts): Noise | undefined {
  if (facts.fromAddress && facts.isOwnAddress(facts.fromAddress)) {
    return { kind: "own_address", reason: `Sent from our own inbox address ${facts.fromAddress} (mail loop)` };
  }
  return undefined;
}

function bounce(facts: NoiseFacts): Noise | undefined {
  if (facts.contentType === "multipart/report") {
    return { kind: "bounce", reason: "Delivery status report (multipart/report)" };
  }
  if (facts.header("x-failed-recipients")) return { kind: "bounce", reason: "Bounce (X-Failed-Recipients)" };
  const localFrom = facts.fromAddress?.split("@")[0] ?? "";
  if (BOUNCE_SENDER.test(localFrom)) return { kind: "bounce", reason: `Bounce from ${facts.fromAddress}` };
  if (facts.envelopeFrom === "")
    return { kind: "bounce", reason: "Null envelope sender (<>) marks a bounce or auto-reply" };
  return undefined;
}

function autoReply(facts: NoiseFacts): Noise | undefined {
  const autoSubmitted = facts.header("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith("no")) {
    return { kind: "auto_reply", reason: `Auto-reply (Auto-Submitted: ${autoSubmitted})` };
  }
  for (const name of AUTO_REPLY_HEADERS) {
    if (facts.header(name) !== undefined) return { kind: "auto_reply", reason: `Auto-reply (${name} header)` };
  }
  if (AUTO_SUBJECT.test(facts.subject))
    return { kind: "auto_reply", reason: `Auto-reply subject "${facts.subject.slice(0, 80)}"` };
  return undefined;
}

function bulk(facts: NoiseFacts): Noise | undefined {
  const precedence = facts.header("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list", "auto_reply"].includes(precedence)) {
    return { kind: "bulk", reason: `Bulk mail (Precedence: ${precedence})` };
  }
  return undefined;
}
