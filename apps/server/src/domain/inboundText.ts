// Customer text as every inbound channel stores it: never refused for its bytes or its length
// (the API refuses such input instead; see the text rule in @switchboard/api primitives).

export const TRUNCATION_NOTE = "\n\n[… message truncated by Switchboard]";

/** Drops NUL (PostgreSQL cannot store it), replaces lone surrogates, and truncates with a note. */
export function inboundText(text: string, max: number): string {
  const clean = text.replaceAll("\u0000", "").replace(/\p{Cs}/gu, "\uFFFD");
  return clean.length > max ? `${clean.slice(0, max - TRUNCATION_NOTE.length)}${TRUNCATION_NOTE}` : clean;
}
