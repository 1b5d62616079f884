// A reply's files, shared into its Slack thread the way Slack's SDK does it (uploadV2): ask for
// an upload URL per file (files.getUploadURLExternal), POST the bytes there, then share them all
// in one files.completeUploadExternal with channel_id and thread_ts. Uploaded files stay
// invisible until shared, so the share is the one step that must happen once: the file ids are
// recorded before it, and a retry after an unknown outcome looks for them in the thread first.
import type { DeliveryAttempt } from "../../commands/outbound";
import { messageFiles } from "../../queries/email";
import type { Services } from "../../services";
import { callSlack, type SlackConnection } from "./client";

interface Thread {
  channel: string;
  threadTs: string;
}

export async function shareReplyFiles(
  services: Services,
  connection: SlackConnection,
  thread: Thread,
  message: { workspaceId: string; attachments: { id: string; filename: string }[] },
  attempt: DeliveryAttempt,
): Promise<void> {
  if (message.attachments.length === 0 || attempt.progress?.shared) return;
  let uploaded = attempt.progress?.uploaded;
  if (uploaded && (await sharedInThread(connection, thread, uploaded))) {
    await attempt.record?.({ shared: true });
    return;
  }
  if (!uploaded) {
    uploaded = await uploadFiles(connection, await messageFiles(services.database.db, message));
    await attempt.record?.({ uploaded });
  }
  await callSlack(connection, "files.completeUploadExternal", {
    files: uploaded.map((id, i) => ({ id, title: message.attachments[i]?.filename ?? id })),
    channel_id: thread.channel,
    thread_ts: thread.threadTs,
  });
  await attempt.record?.({ shared: true });
}

async function uploadFiles(
  connection: SlackConnection,
  files: { filename: string; content: Buffer }[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const file of files) {
    const target = await callSlack(connection, "files.getUploadURLExternal", {
      filename: file.filename,
      length: file.content.length,
    });
    const { upload_url: url, file_id: id } = target;
    if (typeof url !== "string" || typeof id !== "string")
      throw new Error("Slack answered files.getUploadURLExternal without an upload URL.");
    // As the SDK: the raw bytes in the body; the URL itself is the credential.
    const response = await fetch(url, { method: "POST", body: new Uint8Array(file.content) });
    if (!response.ok) throw new Error(`Slack refused the upload of "${file.filename}" (HTTP ${response.status}).`);
    await response.arrayBuffer();
    ids.push(id);
  }
  return ids;
}

/** Whether a message of the thread already shows these files (an earlier attempt's share). */
async function sharedInThread(connection: SlackConnection, thread: Thread, fileIds: string[]): Promise<boolean> {
  let cursor: string | undefined;
  do {
    const page = await callSlack(connection, "conversations.replies", {
      channel: thread.channel,
      ts: thread.threadTs,
      limit: 200,
      ...(cursor && { cursor }),
    });
    const messages = Array.isArray(page.messages) ? (page.messages as { files?: { id?: unknown }[] }[]) : [];
    if (messages.some((m) => m.files?.some((f) => typeof f.id === "string" && fileIds.includes(f.id)))) return true;
    const next = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
    cursor = next ? next : undefined;
  } while (cursor);
  return false;
}
