// A webhook receiver under test: records every POST with its headers and raw body, verifies the
// signature as the README tells receivers to, and answers with whatever status the test asks for.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook } from "../../src/domain/webhooks";

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { type: string; event: { seq: number; type: string }; issue: { number: number } };
  verified: boolean;
  answered: number;
}

export class WebhookReceiver {
  readonly received: Received[] = [];
  /** Status per path, in order; once used up, 200. */
  private readonly script = new Map<string, number[]>();
  secrets = new Map<string, string>();
  private server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
  }

  url(path: string, host = "127.0.0.1"): string {
    return `http://${host}:${(this.server.address() as AddressInfo).port}${path}`;
  }

  /** The next answers at `path` (then 200). */
  answer(path: string, ...statuses: number[]): void {
    this.script.set(path, statuses);
  }

  at(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse) {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const path = req.url ?? "/";
      const queue = this.script.get(path) ?? [];
      const answered = queue.shift() ?? 200;
      const secret = this.secrets.get(path) ?? "";
      const verified = verifyWebhook(
        secret,
        {
          signature: String(req.headers["x-switchboard-signature"] ?? ""),
          timestamp: String(req.headers["x-switchboard-timestamp"] ?? ""),
        },
        body,
        Math.floor(Date.now() / 1000),
      );
      this.received.push({ path, headers: req.headers, body, json: JSON.parse(body), verified, answered });
      res.writeHead(answered, { "content-type": "text/plain" }).end(answered === 200 ? "thanks" : "receiver broke");
    });
  }
}
