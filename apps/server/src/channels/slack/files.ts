// Files shared in Slack live behind url_private: fetched with the bot token, size-limited.
import type { InboundAttachment } from "../../commands/inboundMessage";
import type { SlackConnection } from "./client";
import type { SlackFile } from "./normalise";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export async function downloadSlackFiles(
  connection: Pick<SlackConnection, "botToken">,
  files: readonly SlackFile[] | undefined,
): Promise<{ attachments: InboundAttachment[]; skipped: string[] }> {
  const attachments: InboundAttachment[] = [];
  const skipped: string[] = [];
  for (const file of files ?? []) {
    const url = file.url_private_download ?? file.url_private;
    const filename = file.name ?? file.title ?? file.id;
    if (!url || (file.size ?? 0) > MAX_FILE_BYTES) {
      skipped.push(filename);
      continue;
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${connection.botToken}` } });
    if (!response.ok) throw new Error(`Slack file ${file.id} download failed: HTTP ${response.status}`);
    const content = Buffer.from(await response.arrayBuffer());
    if (content.length > MAX_FILE_BYTES) {
      skipped.push(filename);
      continue;
    }
    attachments.push({
      filename,
      contentType: file.mimetype ?? "application/octet-stream",
      size: content.length,
      content,
    });
  }
  return { attachments, skipped };
}
