// The one websocket to /ws: change notices ("issue 42 changed") and presence frames. It
// reconnects with backoff; after a reconnect listeners hear "hello" again and refetch.
export type ChangeNotice = {
  kind: "issue" | "message" | "account" | "view" | "settings" | "broadcast";
  id: string;
  issueNumber?: number;
  action: string;
};

export type PresenceFrame = {
  kind: "presence";
  userId: string;
  name: string;
  issueNumber: number;
  activity: "viewing" | "typing" | "left";
  /** The issue's customer typing in the chat widget (userId is then `contact:…`). */
  customer?: boolean;
  at?: string;
};

export type Activity = PresenceFrame["activity"];

type Listener = {
  onHello?: () => void;
  onChange?: (notice: ChangeNotice) => void;
  onPresence?: (frame: PresenceFrame) => void;
};

const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let retryMs = 1000;
let retryTimer: ReturnType<typeof setTimeout> | undefined;
let wanted = false;

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function connect() {
  wanted = true;
  if (socket) return;
  const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`;
  const ws = new WebSocket(url);
  socket = ws;
  ws.onmessage = (event) => dispatch(String(event.data));
  ws.onopen = () => {
    retryMs = 1000;
  };
  ws.onclose = () => {
    socket = null;
    if (!wanted) return;
    retryTimer = setTimeout(connect, retryMs);
    retryMs = Math.min(retryMs * 2, 30_000);
  };
}

export function disconnect() {
  wanted = false;
  clearTimeout(retryTimer);
  socket?.close();
  socket = null;
}

/** `reply`: typing a public reply, which the customer may be shown (a note's typing never is). */
export function sendPresence(issueNumber: number, activity: Activity, reply?: boolean) {
  if (socket?.readyState !== WebSocket.OPEN) return;
  socket.send(JSON.stringify({ type: "presence", issueNumber, activity, ...(reply && { reply }) }));
}

function dispatch(text: string) {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return; // not ours to interpret; the next frame may be fine
  }
  if (typeof message !== "object" || message === null || !("kind" in message)) return;
  for (const listener of listeners) {
    if (message.kind === "hello") listener.onHello?.();
    else if (message.kind === "presence") listener.onPresence?.(message as PresenceFrame);
    else listener.onChange?.(message as ChangeNotice);
  }
}
