// SSRF: without WEBHOOKS_ALLOW_PRIVATE, a webhook cannot target the server's own network —
// refused when saved (IP literals and names resolving inside), and again when sending (a name
// may resolve differently later), where the receiver never sees the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWebhook } from "../../src/commands/webhooks";
import { startDispatcher } from "../../src/integrations/webhooks/module";
import type { Running } from "../../src/module";
import { eventually } from "../email/support";
import { expectError } from "../foundation/support";
import { api, buildWorkspace, type TestWorkspace, useTestApp } from "../harness";
import { WebhookReceiver } from "./receiver";

// The machine running the suite is shared and small: start-up under load can take minutes.
const app = useTestApp({ WEBHOOKS_POLL_MS: "50" });
const receiver = new WebhookReceiver();
let dispatcher: Running | undefined;
let ws: TestWorkspace;
let as: ReturnType<typeof api>;

beforeAll(async () => {
  await receiver.start();
  dispatcher = startDispatcher(app().services);
  ws = await buildWorkspace(app());
  as = api(app(), ws.admin);
});
afterAll(async () => {
  await dispatcher?.stop();
  await receiver.close();
});

describe("webhook targets (SSRF)", () => {
  it.each([
    ["loopback", "http://127.0.0.1:8080/hook"],
    ["a private network", "http://10.1.2.3/hook"],
    ["the cloud metadata service", "http://169.254.169.254/latest/meta-data/"],
    ["IPv6 loopback", "http://[::1]:8080/hook"],
    ["an IPv4-mapped loopback", "http://[::ffff:127.0.0.1]/hook"],
    ["a name resolving to loopback", "http://localhost:8080/hook"],
  ])("refuses %s when saved", async (_what, url) => {
    const error = expectError(await as.post("/webhooks", { url, eventTypes: ["created"] }), 400, "validation_failed");
    expect(error.message).toContain("WEBHOOKS_ALLOW_PRIVATE");
  });

  it("refuses a private target when sending too, and the receiver never hears of it", async () => {
    // Saved past the route's check, as a name that resolved elsewhere at the time would be.
    const hook = await ws.run((ctx) =>
      createWebhook(ctx, {
        url: receiver.url("/inside", "localhost"),
        eventTypes: ["created"],
        secretSealed: app().services.secrets.seal("whsec_test"),
      }),
    );
    expect((await as.post("/issues", { title: "Aimed inside" })).statusCode).toBe(201);
    const [delivery] = await eventually(async () => {
      const items = (await as.get(`/webhooks/${hook.id}/deliveries`)).json().items;
      return items[0]?.attempts > 0 && items;
    });
    expect(delivery.error).toContain("Refused");
    expect(delivery.responseStatus).toBeNull();
    expect(receiver.received).toHaveLength(0);
  });
});
