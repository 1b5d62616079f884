// The one shape every channel adapter normalises a delivery into before calling
// the `ingestInbound` command. Adapters authenticate and parse; they never write.

import type { ChannelKind } from "../domain/channel";

export type { ChannelKind };

/** Who wrote the message, as the channel identifies them. */
export interface InboundAuthor {
  /** Email address (email channel; also filled from Slack users.info when known). */
  email?: string;
  name?: string;
  /** Slack user id (U…/W…) for Slack messages. */
  slackUserId?: string;
  /** Widget/portal identity: our own contact id or the customer's user id. */
  externalUserId?: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Raw bytes; stored by the command, never trusted for content type. */
  content: Buffer;
  /** Email Content-ID of an inline part, which the HTML body shows as `<img src="cid:…">`. */
  contentId?: string;
}

export interface InboundMessage {
  workspaceId: string;
  channel: ChannelKind;
  /**
   * Key that identifies the conversation inside the channel: Slack `channel:thread_ts`,
   * email root Message-ID, widget conversation id. Messages with the same key join one issue.
   */
  threadKey: string;
  /** Other keys that may identify an existing thread (email References/In-Reply-To, plus-address token). */
  threadKeyCandidates?: string[];
  /** Unique per delivery inside the channel (Slack `channel:ts`, email Message-ID); retries collide on it. */
  externalId: string;
  author: InboundAuthor;
  /**
   * The customer the conversation is with, when the author is a colleague (a member replies to a
   * customer by email with the team address in cc): the requester, with the member's
   * message recorded as the first agent reply.
   */
  requester?: InboundAuthor;
  /** Plain-text body (always present; derived from HTML when needed). */
  text: string;
  /** Sanitised HTML body, when the channel has one. */
  html?: string;
  subject?: string;
  /** Email: the other people the mail was addressed to; replies keep them in Cc. */
  cc?: string[];
  attachments?: InboundAttachment[];
  sentAt: Date;
  /** Channel-specific routing facts (slack channel id, inbox address, …) that triggers can read. */
  source: Record<string, string>;
  /** Account the channel already knows (a mapped Slack channel); otherwise resolved from the author. */
  accountId?: string;
  /** Team the channel suggests (an email inbox's): routing's fallback when no trigger on creation sets one. */
  defaultTeamId?: string;
  /**
   * Someone asked for this issue (an admin retrying quarantined mail, an agent's "create issue"
   * in Slack): internal mail with no customer on it opens an issue anyway (see `internalRefusal`).
   */
  allowInternal?: boolean;
}
