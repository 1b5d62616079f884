// Memory of the embedded product: `switchboard start` on PGlite (server, worker and database in one
// process), its resident set size at rest, then under a steady Slack load (signed Events API
// webhooks at --rate events/s to mapped shared channels) for --minutes, sampled every 10 s, then at
// rest again. Prints the series and the RSS slope over the soak's second half: a leak grows
// steadily there, while caches and the JIT fill up in the first half.
//   npm run bench:memory                          10 minutes at 20 events/s
//   npm run bench:memory -- --minutes 3 --rate 30
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freePort, httpSession, startProcess } from "../apps/server/test/faults/processes";
import { SlackStandin } from "../apps/server/test/slack/standin";
import { countSlackIssues, PASSWORD, rssMb, setUpWorkspace, slackMessage } from "./scaleFixture";

const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    rate: { type: "string", default: "20" },
    channels: { type: "string", default: "200" },
    rest: { type: "string", default: "60" },
  },
});
const MINUTES = Number(args.minutes);
const RATE = Number(args.rate);
const CHANNELS = Number(args.channels);
const REST_SECONDS = Number(args.rest);
const SAMPLE_SECONDS = 10;
const REPLY_SHARE = 0.4;

interface Sample {
  phase: "rest" | "load" | "after";
  second: number;
  rssMb: number;
  events: number;
  visible?: number;
}

async function main() {
  const slack = await new SlackStandin().start();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-bench-memory-"));
  const secretKey = randomBytes(32).toString("hex");
  const fixture = await setUpWorkspace({ dataDir }, slack, { channels: CHANNELS, secretKey });
  const port = await freePort();
  const server = startProcess("embedded", ["start"], {
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: String(port),
    SMTP_PORT: String(await freePort()),
    SECRET_KEY: secretKey,
    SWITCHBOARD_DEMO: "0",
    LOG_LEVEL: "warn",
  });
  const base = `http://127.0.0.1:${port}`;
  const samples: Sample[] = [];
  const started = performance.now();
  let events = 0;
  let failed = 0;
  const latencies: number[] = [];
  const sample = async (phase: Sample["phase"]) => {
    const row: Sample = {
      phase,
      second: Math.round((performance.now() - started) / 1000),
      rssMb: rssMb(server.child.pid),
      events,
      visible: await countSlackIssues(base, fixture.token).catch(() => undefined),
    };
    samples.push(row);
    console.log(
      `  ${row.phase.padEnd(5)} ${String(row.second).padStart(5)} s  RSS ${String(row.rssMb).padStart(4)} MB  events sent ${row.events}${row.visible === undefined ? "" : `, Slack issues visible ${row.visible}`}`,
    );
  };
  try {
    await server.waitFor(/Switchboard is running/, 600_000);
    // Sign in once as an agent would (a session, the app's first queries) before "at rest".
    await httpSession(base, `admin@${fixture.domain}`, PASSWORD);
    console.log(
      `embedded start (PGlite) up; at rest for ${REST_SECONDS} s, then ${RATE} Slack events/s for ${MINUTES} min (${CHANNELS} mapped channels, ${REPLY_SHARE * 100} % thread replies); load ${loadAverage()}`,
    );
    for (let t = 0; t < REST_SECONDS; t += SAMPLE_SECONDS) {
      await sample("rest");
      await sleep(SAMPLE_SECONDS * 1000);
    }

    // A steady rate (not as fast as possible): a backlog would be growth of work, not of memory.
    const roots: { channel: string; ts: string }[] = [];
    const pending = new Set<Promise<void>>();
    const loadEnds = performance.now() + MINUTES * 60_000;
    let nextSample = performance.now();
    for (let i = 0; performance.now() < loadEnds; i++) {
      const root = roots.length > 5 && Math.random() < REPLY_SHARE ? roots[(i * 7) % roots.length] : undefined;
      const message = slackMessage(slack, fixture, i, root);
      const send = (async () => {
        const sentAt = performance.now();
        const res = await fetch(`${base}/hooks/slack/events`, {
          method: "POST",
          headers: { "content-type": "application/json", ...slack.signedHeaders(message.body) },
          body: message.body,
        }).catch(() => undefined);
        await res?.arrayBuffer();
        if (res?.status === 200) {
          events++;
          latencies.push(performance.now() - sentAt);
          if (!root) roots.push({ channel: message.channel, ts: message.ts });
        } else failed++;
      })();
      pending.add(send);
      void send.finally(() => pending.delete(send));
      if (performance.now() >= nextSample) {
        nextSample += SAMPLE_SECONDS * 1000;
        await sample("load");
      }
      await sleep(1000 / RATE);
    }
    await Promise.all(pending);
    for (let t = 0; t < REST_SECONDS; t += SAMPLE_SECONDS) {
      await sleep(SAMPLE_SECONDS * 1000);
      await sample("after");
    }
  } finally {
    await server.kill("SIGTERM");
    await slack.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  const rest = samples.filter((s) => s.phase === "rest").map((s) => s.rssMb);
  const load = samples.filter((s) => s.phase === "load");
  const after = samples.filter((s) => s.phase === "after").map((s) => s.rssMb);
  const secondHalf = load.slice(Math.floor(load.length / 2));
  const slope = slopePerMinute(secondHalf.map((s) => [s.second, s.rssMb]));
  const whole = slopePerMinute(load.map((s) => [s.second, s.rssMb]));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.floor(p * (latencies.length - 1))] ?? 0);
  console.log(`\nMemory, embedded start (PGlite), load ${loadAverage()} at the end`);
  console.table({
    "at rest": { rssMb: median(rest) },
    "under load (max)": { rssMb: Math.max(...load.map((s) => s.rssMb)) },
    "under load (last)": { rssMb: load.at(-1)?.rssMb ?? 0 },
    "after load": { rssMb: median(after) },
  });
  console.log(
    `${events} events acknowledged (${failed} not), ${(events / (MINUTES * 60)).toFixed(1)}/s, webhook p50/p99 ${pct(0.5)}/${pct(0.99)} ms; ` +
      `Slack issues visible at the end ${samples.at(-1)?.visible ?? "?"}`,
  );
  console.log(
    `RSS slope under load: ${whole.toFixed(2)} MB/min over the whole soak, ${slope.toFixed(2)} MB/min over its second half → ${Math.abs(slope) < 1 ? "no growth" : slope > 0 ? "GROWS" : "shrinks"} (|slope| < 1 MB/min counts as flat)`,
  );
}

/** Least-squares slope of (second, MB) points, in MB per minute. */
function slopePerMinute(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const sxy = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const sxx = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : (sxy / sxx) * 60;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const loadAverage = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
