// Splits what the sender wrote from the quoted history and signature under it, so the UI can
// collapse them. Plain text is split by line; HTML gets marker classes (`sb-quoted`,
// `sb-signature`) that survive sanitising.
import sanitizeHtml from "sanitize-html";

export interface SplitText {
  body: string;
  signature: string;
  quoted: string;
}

const QUOTE_HEADERS = [
  /^On .{0,200}(wrote|writes):\s*$/i,
  /^Le .{0,200}a écrit\s*:\s*$/i,
  /^Am .{0,200}schrieb .{0,200}:\s*$/i,
  /^El .{0,200}escribió:\s*$/i,
  /^-{2,}\s*(Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From: .+$/,
];

/** Two-line Gmail headers ("On Tue, 3 Mar 2026 at 10:00, Ann Lee <\nann@x.test> wrote:"). */
function isQuoteHeader(lines: string[], i: number): boolean {
  const line = lines[i]?.trim() ?? "";
  if (QUOTE_HEADERS.some((re) => re.test(line))) return line.startsWith("From: ") ? isOutlookBlock(lines, i) : true;
  const joined = `${line} ${lines[i + 1]?.trim() ?? ""}`;
  return /^On .{0,250}wrote:\s*$/i.test(joined);
}

/** Outlook's "From: … / Sent: … / To: …" block, not any line starting with "From:". */
function isOutlookBlock(lines: string[], i: number): boolean {
  return lines.slice(i + 1, i + 5).some((l) => /^(Sent|Date|Gesendet|Envoyé):/i.test(l.trim()));
}

export function splitQuotedText(text: string): SplitText {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  let quoteAt = lines.findIndex((_, i) => isQuoteHeader(lines, i));
  if (quoteAt < 0) quoteAt = trailingQuoteBlock(lines);
  const own = quoteAt < 0 ? lines : lines.slice(0, quoteAt);
  const quoted = quoteAt < 0 ? "" : lines.slice(quoteAt).join("\n").trim();
  const sigAt = signatureStart(own);
  const body = (sigAt < 0 ? own : own.slice(0, sigAt)).join("\n").trim();
  const signature = sigAt < 0 ? "" : own.slice(sigAt).join("\n").trim();
  // A message that is all quote (a bare forward) keeps its text as the body.
  if (!body) return { body: text.trim(), signature: "", quoted: "" };
  return { body, signature, quoted };
}

/** Start of the last run of `>` lines when nothing but blank lines follow it. */
function trailingQuoteBlock(lines: string[]): number {
  let end = lines.length - 1;
  while (end >= 0 && (lines[end] ?? "").trim() === "") end--;
  let start = end;
  while (start >= 0 && (lines[start] ?? "").startsWith(">")) start--;
  return start < end ? start + 1 : -1;
}

function signatureStart(lines: string[]): number {
  // RFC 3676 delimiter "-- " (often trimmed to "--"); only near the end, to spare real text.
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - 20); i--) {
    const line = lines[i] ?? "";
    if (line === "-- " || line === "--") return i;
  }
  const mobile = lines.findIndex((l) => /^Sent from my (iPhone|iPad|Android|mobile)/i.test(l.trim()));
  return mobile >= 0 && mobile >= lines.length - 3 ? mobile : -1;
}

const QUOTED_CLASSES = ["gmail_quote", "gmail_quote_container", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote"];
const SIGNATURE_CLASSES = ["gmail_signature", "moz-signature", "protonmail_signature_block"];
const QUOTED_IDS = ["divRplyFwdMsg", "appendonsend", "mail-editor-reference-message-container"];

/** Adds marker classes to the sender's quote and signature containers; keeps everything else. */
export function markQuotedHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    // Only marks here: keep inline (cid:) images for linkInlineImages; the real clean-up comes later.
    allowedSchemes: [...sanitizeHtml.defaults.allowedSchemes, "cid", "data"],
    transformTags: {
      "*": (tagName, attribs) => {
        const classes = (attribs.class ?? "").split(/\s+/).filter(Boolean);
        const quoted =
          (tagName === "blockquote" && attribs.type?.toLowerCase() === "cite") ||
          classes.some((c) => QUOTED_CLASSES.includes(c)) ||
          QUOTED_IDS.includes(attribs.id ?? "");
        const signature =
          classes.some((c) => SIGNATURE_CLASSES.includes(c)) || attribs["data-smartmail"] === "gmail_signature";
        if (quoted) classes.push("sb-quoted");
        if (signature) classes.push("sb-signature");
        return { tagName, attribs: classes.length > 0 ? { ...attribs, class: classes.join(" ") } : attribs };
      },
    },
  });
}

/** HTML for a plain-text email: escaped paragraphs, with quote and signature marked. */
export function textToHtml(split: SplitText): string {
  const para = (text: string) =>
    text
      .split(/\n{2,}/)
      .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br />")}</p>`)
      .join("");
  return [
    para(split.body),
    split.signature ? `<div class="sb-signature">${para(split.signature)}</div>` : "",
    split.quoted ? `<blockquote class="sb-quoted">${para(split.quoted)}</blockquote>` : "",
  ].join("");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
