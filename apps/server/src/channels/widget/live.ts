// Live updates for customer sockets (the widget's and the portal's). Agents' sockets get every
// change of their workspace (realtime/hub.ts); a customer's socket gets only "conversation N
// changed" for the issues its contact asked for (or, for a portal admin, of their account), and
// the client re-fetches through its read scope, so an internal note's text never travels to it.
// Clients catch up after a reconnect the same way.
import { and, eq } from "drizzle-orm";
import type { WebSocket } from "ws";
import { REALTIME_CHANNEL } from "../../commands/context";
import { issues } from "../../db/schema";
import type { Services } from "../../services";

interface CustomerSocket {
  socket: WebSocket;
  workspaceId: string;
  /** The session's contact, once it has one (an anonymous visitor's first message creates it). */
  contactId?: string;
  /** A portal admin's account: its issues are theirs to read too. */
  accountId?: string;
  /** Conversations known to be this contact's: changes of these go out without a lookup. */
  numbers: Set<number>;
}

interface ChangeNotice {
  workspaceId?: unknown;
  kind?: unknown;
  issueNumber?: unknown;
}

export interface WidgetLive {
  add(client: CustomerSocket): void;
  close(): Promise<void>;
}

export async function startWidgetLive(services: Services): Promise<WidgetLive> {
  const clients = new Set<CustomerSocket>();
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
  const deliver = async (payload: string) => {
    const notice = parse(payload);
    if (!notice) return;
    const { workspaceId, issueNumber } = notice;
    const mine = [...clients].filter((c) => c.workspaceId === workspaceId && c.socket.readyState === c.socket.OPEN);
    if (mine.length === 0) return;
    // A conversation none of them knows yet (opened in another tab): one lookup for all sockets.
    const unknown = mine.filter((c) => !c.numbers.has(issueNumber) && c.contactId);
    const issue = unknown.length > 0 ? await audienceOf(workspaceId, issueNumber) : undefined;
    const text = JSON.stringify({ kind: "conversation", number: issueNumber });
    for (const c of mine) {
      if (!c.numbers.has(issueNumber) && !reads(c, issue)) continue;
      c.numbers.add(issueNumber);
      c.socket.send(text);
    }
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
  return {
    add(client) {
      clients.add(client);
      client.socket.on("close", () => clients.delete(client));
      client.socket.send('{"kind":"hello"}');
    },
    async close() {
      for (const c of clients) c.socket.close();
      await unlisten();
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
