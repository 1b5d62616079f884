// Live updates for customer sockets (the widget's and the portal's). Agents' sockets get every
// change of their workspace (realtime/hub.ts); a customer's socket gets only "conversation N
// changed" for the issues its contact asked for (or, for a portal admin, of their account), and
// the client re-fetches through its read scope, so an internal note's text never travels to it.
// Clients catch up after a reconnect the same way.
//
// Typing travels both ways over the same sockets and is never stored: an agent typing a public
// reply (never a note) reaches the widgets of that conversation's customer as "Dana is typing", and
// a customer typing reaches the agents' sockets as a presence frame (PRESENCE_CHANNEL, so agents
// on other servers see it too). Both are throttled here, whatever the client sends.
import { and, eq } from "drizzle-orm";
import type { WebSocket } from "ws";
import { z } from "zod";
import { REALTIME_CHANNEL } from "../../commands/context";
import { issues } from "../../db/schema";
import { PRESENCE_CHANNEL } from "../../realtime/presence";
import type { Services } from "../../services";

/** At most one typing frame per conversation and direction in this long, per socket. */
export const TYPING_THROTTLE_MS = 2_000;

interface CustomerSocket {
  socket: WebSocket;
  workspaceId: string;
  /** The session's contact, once it has one (an anonymous visitor's first message creates it). */
  contactId?: string;
  /** A portal admin's account: its issues are theirs to read too. */
  accountId?: string;
  /** Conversations known to be this contact's: changes of these go out without a lookup. */
  numbers: Set<number>;
  /** A widget's socket: it hears agents typing, and its customer's typing goes out under this name. */
  typingAs?: string;
  /** This socket's typing frames, handled one after the other so they reach the agents in order. */
  typingQueue?: Promise<void>;
}

/** What a widget may send on its socket: "I am typing in conversation N". */
const CustomerTyping = z.strictObject({ type: z.literal("typing"), number: z.number().int().positive() });

/** An agent's presence frame as published by realtime/presence.ts; only public-reply typing is for customers. */
const AgentTyping = z.object({
  kind: z.literal("presence"),
  workspaceId: z.string(),
  issueNumber: z.number().int(),
  name: z.string(),
  activity: z.literal("typing"),
  reply: z.literal(true),
});

interface ChangeNotice {
  workspaceId?: unknown;
  kind?: unknown;
  issueNumber?: unknown;
}

export interface WidgetLive {
  add(client: CustomerSocket): void;
  close(): Promise<void>;
}

/** When a typing frame last went to (or came from) a socket, per conversation; true: too soon for another. */
type TypingTimes = WeakMap<CustomerSocket, Map<number, number>>;
const throttled = (times: TypingTimes, c: CustomerSocket, number: number, now: number) => {
  const mine = times.get(c) ?? new Map<number, number>();
  times.set(c, mine);
  const last = mine.get(number);
  if (last !== undefined && now - last < TYPING_THROTTLE_MS) return true;
  mine.set(number, now);
  return false;
};

export async function startWidgetLive(services: Services): Promise<WidgetLive> {
  const clients = new Set<CustomerSocket>();
  const clock = () => (services.now?.() ?? new Date()).getTime();
  const typingSent: TypingTimes = new WeakMap();
  const typingHeard: TypingTimes = new WeakMap();
  const audienceOf = async (workspaceId: string, number: number) => {
    const [row] = await services.database.db
      .select({ requester: issues.requesterContactId, accountId: issues.accountId })
      .from(issues)
      .where(and(eq(issues.workspaceId, workspaceId), eq(issues.number, number)));
    return row;
  };
  const reads = (c: CustomerSocket, issue: Awaited<ReturnType<typeof audienceOf>>) =>
    issue !== undefined &&
    ((c.contactId !== undefined && c.contactId === issue.requester) ||
      (c.accountId !== undefined && c.accountId === issue.accountId));
  /** Sends `message` to the open sockets of the workspace whose customer reads the issue. */
  const fanOut = async (
    workspaceId: string,
    issueNumber: number,
    message: Record<string, unknown>,
    only: (c: CustomerSocket) => boolean = () => true,
  ) => {
    const mine = [...clients].filter(
      (c) => c.workspaceId === workspaceId && c.socket.readyState === c.socket.OPEN && only(c),
    );
    if (mine.length === 0) return;
    // A conversation none of them knows yet (opened in another tab): one lookup for all sockets.
    const unknown = mine.filter((c) => !c.numbers.has(issueNumber) && c.contactId);
    const issue = unknown.length > 0 ? await audienceOf(workspaceId, issueNumber) : undefined;
    const text = JSON.stringify(message);
    for (const c of mine) {
      if (!c.numbers.has(issueNumber) && !reads(c, issue)) continue;
      c.numbers.add(issueNumber);
      c.socket.send(text);
    }
  };
  const deliver = async (payload: string) => {
    const notice = parse(payload);
    if (!notice) return;
    await fanOut(notice.workspaceId, notice.issueNumber, { kind: "conversation", number: notice.issueNumber });
  };
  // An agent typing a public reply: the widgets of that conversation hear it (a note's typing never).
  const agentTyping = async (payload: string) => {
    let frame: z.infer<typeof AgentTyping>;
    try {
      const parsed = AgentTyping.safeParse(JSON.parse(payload));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return; // not a frame of ours
    }
    const now = clock();
    await fanOut(
      frame.workspaceId,
      frame.issueNumber,
      { kind: "typing", number: frame.issueNumber, name: frame.name },
      (c) => c.typingAs !== undefined && !throttled(typingSent, c, frame.issueNumber, now),
    );
  };
  // After the database connection came back, changes in between are gone: every widget catches up.
  const resync = () => {
    for (const c of clients) if (c.socket.readyState === c.socket.OPEN) c.socket.send('{"kind":"resync"}');
  };
  const unlisten = await services.database.listen(
    REALTIME_CHANNEL,
    (payload) => {
      deliver(payload).catch(() => resync());
    },
    resync,
  );
  // In arrival order (one after the other), so a frame never overtakes an earlier one. Typing is
  // best effort: a lost frame is replaced by the next one a moment later.
  let agentQueue = Promise.resolve();
  const unlistenPresence = await services.database.listen(PRESENCE_CHANNEL, (payload) => {
    agentQueue = agentQueue.then(() => agentTyping(payload)).catch(() => undefined);
  });
  // A customer typing in one of their own conversations: a presence frame for the agents.
  const customerTyping = async (c: CustomerSocket, raw: string) => {
    let parsed: z.infer<typeof CustomerTyping>;
    try {
      const frame = CustomerTyping.safeParse(JSON.parse(raw));
      if (!frame.success) return;
      parsed = frame.data;
    } catch {
      return; // A malformed frame is ignored; the socket stays open.
    }
    if (c.typingAs === undefined || !c.contactId || !c.numbers.has(parsed.number)) return;
    if (throttled(typingHeard, c, parsed.number, clock())) return;
    const payload = JSON.stringify({
      kind: "presence",
      workspaceId: c.workspaceId,
      userId: `contact:${c.contactId}`,
      name: c.typingAs,
      issueNumber: parsed.number,
      activity: "typing",
      customer: true,
      at: new Date().toISOString(),
    });
    await services.database.query("SELECT pg_notify($1, $2)", [PRESENCE_CHANNEL, payload]);
  };
  return {
    add(client) {
      clients.add(client);
      client.socket.on("close", () => clients.delete(client));
      client.socket.on("message", (data) => {
        client.typingQueue = (client.typingQueue ?? Promise.resolve())
          .then(() => customerTyping(client, data.toString()))
          .catch(() => undefined);
      });
      client.socket.send('{"kind":"hello"}');
    },
    async close() {
      for (const c of clients) c.socket.close();
      await unlisten();
      await unlistenPresence();
    },
  };
}

function parse(payload: string): { workspaceId: string; issueNumber: number } | undefined {
  try {
    const notice = JSON.parse(payload) as ChangeNotice;
    if (typeof notice.workspaceId !== "string" || typeof notice.issueNumber !== "number") return undefined;
    if (notice.kind !== "message" && notice.kind !== "issue") return undefined;
    return { workspaceId: notice.workspaceId, issueNumber: notice.issueNumber };
  } catch {
    // Not a payload of ours: ignore it rather than break the stream.
    return undefined;
  }
}
