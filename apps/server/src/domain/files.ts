// Files people attach to a conversation, customers and agents alike: the kinds every channel
// can carry and a customer can open safely, judged by the type the bytes really are
// (commands/attachments.ts sniffs them), never by the type the sender declared.

/** Images, PDF, plain text (CSV and logs too) and Office documents. */
export function fileKindAccepted(sniffedType: string): boolean {
  return (
    /^image\/(png|jpeg|gif|webp)$/.test(sniffedType) ||
    sniffedType === "application/pdf" ||
    sniffedType === "text/plain" ||
    /^application\/vnd\.(openxmlformats-officedocument\.|oasis\.opendocument\.)/.test(sniffedType)
  );
}

/** The kinds in words, for a refusal. */
export const ACCEPTED_KINDS_TEXT = "images, PDF, text, Office documents";

/** An agent's reply: at most this many files, each at most this big (Slack and most mail servers take it). */
export const REPLY_MAX_FILES = 10;
export const REPLY_MAX_FILE_BYTES = 10 * 1024 * 1024;
