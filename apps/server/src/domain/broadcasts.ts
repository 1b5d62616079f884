// A broadcast's body, per recipient: {{variable}} and {{variable|fallback}} filled from the
// account and the contact, and the markdown turned into Slack's mrkdwn for channels.
import { broadcastVariables } from "@switchboard/api/vocabulary";

export type BroadcastVariable = (typeof broadcastVariables)[number];

export interface RecipientFacts {
  account: { name: string; tier: string | null; type: string };
  /** Null for a Slack channel: the message is to the whole account. */
  contact: { name: string; email: string | null } | null;
}

const PLACEHOLDER = /\{\{\s*([a-z_.]+)\s*(?:\|([^}]*))?\}\}/g;

/** The variables a body names that do not exist, each once, in order. */
export function unknownVariables(body: string): string[] {
  const known = new Set<string>(broadcastVariables);
  const unknown = [...body.matchAll(PLACEHOLDER)].map((m) => m[1] ?? "").filter((name) => !known.has(name));
  return [...new Set(unknown)];
}

function variableValue(name: string, facts: RecipientFacts): string | null {
  switch (name as BroadcastVariable) {
    case "account.name":
      return facts.account.name;
    case "account.tier":
      return facts.account.tier;
    case "account.type":
      return facts.account.type;
    case "contact.name":
      return facts.contact?.name ?? null;
    case "contact.first_name":
      return facts.contact?.name.trim().split(/\s+/)[0] ?? null;
    case "contact.email":
      return facts.contact?.email ?? null;
    default:
      return null;
  }
}

/**
 * The body for one recipient. An unset value takes the placeholder's fallback, else nothing;
 * `protect` keeps the target's markup from what a value holds (an account named `<!here>`).
 */
export function renderBody(body: string, facts: RecipientFacts, protect: (value: string) => string = (v) => v): string {
  return body.replace(PLACEHOLDER, (_, name: string, fallback: string | undefined) => {
    const value = variableValue(name, facts);
    return value ? protect(value) : (fallback?.trim() ?? "");
  });
}

/** Slack mrkdwn treats these three as control characters. */
export const escapeMrkdwn = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Markdown as Slack shows it: **bold** → *bold*, [text](url) → <url|text>, # headings → bold
 * lines, `* item` → • item. Code spans and everything else pass unchanged.
 */
export function markdownToMrkdwn(markdown: string): string {
  return markdown
    .split("\n")
    .map((line) => {
      const heading = /^#{1,6}\s+(.*)$/.exec(line);
      if (heading) return `*${heading[1]}*`;
      return line.replace(/^(\s*)[*-]\s+/, "$1• ");
    })
    .join("\n")
    .replace(/\*\*([^*\n]+)\*\*/g, "*$1*")
    .replace(/__([^_\n]+)__/g, "*$1*")
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, "<$2|$1>");
}
