// Talking to a running embedded server over DATA_DIR/control.sock (see control.ts).
import http from "node:http";
import path from "node:path";

export const CONTROL_SOCKET = "control.sock";

export const controlSocketOf = (dataDir: string) => path.join(dataDir, CONTROL_SOCKET);

/** GET `path` on the socket; rejects when nothing listens there or the server answered an error. */
export function controlRequest(socketPath: string, urlPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath, path: urlPath }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => {
        const body = Buffer.concat(chunks);
        if (response.statusCode === 200) resolve(body);
        else reject(new Error(body.toString("utf8")));
      });
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

/** The socket is absent or nobody listens: no server runs on that data directory. */
export function isNotListening(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ECONNREFUSED";
}

/** Refuses to go on when a server already runs on this data directory (two would corrupt it). */
export async function assertNoServerOn(dataDir: string): Promise<void> {
  const running = await controlRequest(controlSocketOf(dataDir), "/ping").then(
    () => true,
    () => false,
  );
  if (running) throw new Error(`Another Switchboard server is running on ${dataDir}: stop it first.`);
}
