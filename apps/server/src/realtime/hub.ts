// Real-time fan-out: every server LISTENs on one channel; commands NOTIFY on commit; each
// server forwards a change to its own sockets of that workspace. Payloads say only what changed.
import type { WebSocket } from "ws";
import { REALTIME_CHANNEL } from "../commands/context";
import type { Database } from "../db/connect";
import { PRESENCE_CHANNEL } from "./presence";

interface Client {
  socket: WebSocket;
  workspaceId: string;
  userId: string;
}

export interface RealtimeHub {
  add(client: Client): void;
  /** Sends to every socket of the workspace, on this server only (presence, typing). */
  broadcastLocal(workspaceId: string, message: Record<string, unknown>, except?: WebSocket): void;
  close(): Promise<void>;
}

export async function startRealtimeHub(database: Database): Promise<RealtimeHub> {
  const clients = new Set<Client>();
  const send = (workspaceId: string, text: string, except?: WebSocket) => {
    for (const c of clients) {
      if (c.workspaceId === workspaceId && c.socket !== except && c.socket.readyState === c.socket.OPEN)
        c.socket.send(text);
    }
  };
  // After the database connection was lost and came back, notices in between are gone: a second
  // "hello" tells every client to refetch what it shows (as after its own reconnect).
  const resync = () => {
    for (const c of clients) {
      if (c.socket.readyState === c.socket.OPEN)
        c.socket.send(JSON.stringify({ kind: "hello", userId: c.userId, resync: true }));
    }
  };
  const unlisten = await database.listen(
    REALTIME_CHANNEL,
    (payload) => {
      const workspaceId = parseWorkspace(payload);
      if (workspaceId) send(workspaceId, payload);
    },
    resync,
  );
  const unlistenPresence = await database.listen(PRESENCE_CHANNEL, (payload) => {
    const workspaceId = parseWorkspace(payload);
    if (workspaceId) send(workspaceId, payload);
  });
  return {
    add(client) {
      clients.add(client);
      client.socket.on("close", () => clients.delete(client));
      client.socket.send(JSON.stringify({ kind: "hello", userId: client.userId }));
    },
    broadcastLocal(workspaceId, message, except) {
      send(workspaceId, JSON.stringify({ workspaceId, ...message }), except);
    },
    async close() {
      for (const c of clients) c.socket.close();
      await unlisten();
      await unlistenPresence();
    },
  };
}

function parseWorkspace(payload: string): string | undefined {
  try {
    const parsed = JSON.parse(payload) as { workspaceId?: unknown };
    return typeof parsed.workspaceId === "string" ? parsed.workspaceId : undefined;
  } catch {
    // A payload we did not write: ignore rather than break the stream for everyone.
    return undefined;
  }
}
