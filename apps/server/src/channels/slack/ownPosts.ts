// Finding our own earlier post. A send that may have reached Slack before the process died (the
// attempt was recorded, its outcome was not) is looked up by the metadata we attached to it before
// anything is posted again: replies, internal-thread cards and notes, broadcasts.
import { callSlack } from "./client";

/** Where to look: a thread's replies, or (without `threadTs`) the channel's history. */
export interface OwnPostPlace {
  channel: string;
  threadTs?: string;
  /** History only: from this Slack ts on. */
  oldest?: string;
  /** Look at the latest page only (the post, if made, is among the newest). */
  latestPageOnly?: boolean;
  limit?: number;
}

/** Our post's tag: its metadata's event type and one payload key with the value we set. */
export interface OwnPostTag {
  eventType: string;
  key: string;
  value: string;
}

interface TaggedMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

/** The ts of the post tagged `tag` at `place`, if an earlier attempt made it. */
export async function findOwnPost(
  connection: Parameters<typeof callSlack>[0],
  place: OwnPostPlace,
  tag: OwnPostTag,
): Promise<string | undefined> {
  let cursor: string | undefined;
  do {
    const page = await callSlack(connection, place.threadTs ? "conversations.replies" : "conversations.history", {
      channel: place.channel,
      ...(place.threadTs && { ts: place.threadTs }),
      ...(place.oldest && { oldest: place.oldest }),
      include_all_metadata: true,
      limit: place.limit ?? 200,
      ...(cursor && { cursor }),
    });
    const messages = Array.isArray(page.messages) ? (page.messages as TaggedMessage[]) : [];
    const found = messages.find(
      (m) => m.metadata?.event_type === tag.eventType && m.metadata.event_payload?.[tag.key] === tag.value,
    );
    if (found?.ts) return found.ts;
    if (place.latestPageOnly) return undefined;
    const next = (page.response_metadata as { next_cursor?: string } | undefined)?.next_cursor;
    cursor = next ? next : undefined;
  } while (cursor);
  return undefined;
}
