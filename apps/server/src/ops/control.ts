// The running embedded server's control socket, DATA_DIR/control.sock: how `switchboard backup`
// and `doctor` reach a server that holds the PGlite data directory (one process may open it at a
// time). File permissions are its access control: whoever may read DATA_DIR may read the data.
// It also keeps a second server off the same directory (that would corrupt it).
import fs from "node:fs";
import http from "node:http";
import type { Services } from "../services";
import { dumpToBackup } from "./backup";
import { assertNoServerOn, controlSocketOf } from "./controlClient";
import { databaseChecks } from "./doctor";

/** Opens the socket; refuses when another server answers on it. */
export async function startControlSocket(services: Services): Promise<{ stop(): Promise<void> }> {
  const socketPath = controlSocketOf(services.config.dataDir);
  await assertNoServerOn(services.config.dataDir);
  fs.rmSync(socketPath, { force: true });
  const server = http.createServer((request, response) => {
    handle(services, request.url ?? "/").then(
      (body) => response.writeHead(200).end(body),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : String(error)),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(services: Services, url: string): Promise<Buffer | string> {
  switch (url) {
    case "/ping":
      return "pong";
    case "/backup":
      return dumpToBackup(services.database, services.config);
    case "/doctor":
      return JSON.stringify(await databaseChecks(services));
    default:
      throw new Error(`unknown control request ${url}`);
  }
}
