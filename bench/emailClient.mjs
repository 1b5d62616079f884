// The load generator for bench:email, on its own thread: the mail servers that send to
// Switchboard are other machines, so their SMTP client work is kept off the server's event loop.
import { parentPort, workerData } from "node:worker_threads";
import nodemailer from "nodemailer";
import { benchMail } from "./emailWorkload.mjs";

// workerData: { port, name, domain, mails, connections, replyShare, realistic, pace };
// posts { seconds, latencies, sentAt } (sentAt[i]: epoch ms when the client began sending mail i).
// Plain JavaScript: a worker thread does not inherit the tsx loader.
const job = workerData;

const sentAt = {};
const transport = nodemailer.createTransport({
  host: "127.0.0.1",
  port: job.port,
  ignoreTLS: true,
  pool: true,
  maxConnections: job.connections,
  maxMessages: Number.POSITIVE_INFINITY,
});

const sendOne = async (i) => {
  const started = performance.now();
  sentAt[i] = Date.now();
  await transport.sendMail(benchMail(i, job));
  return performance.now() - started;
};

// Warm up (JIT, first-connection costs), then the measured run.
for (let i = 0; i < 20; i++) await sendOne(1_000_000 + i);
const latencies = [];
const t0 = performance.now();
let next = 0;
// Two senders per connection keep each one busy; with a pace, one sender per connection waits
// `pace` ms after each mail, so a mail arrives at an idle server (a lone mail's latency).
const senders = job.pace > 0 ? job.connections : job.connections * 2;
await Promise.all(
  Array.from({ length: senders }, async () => {
    while (next < job.mails) {
      latencies.push(await sendOne(next++));
      if (job.pace > 0) await new Promise((resolve) => setTimeout(resolve, job.pace));
    }
  }),
);
transport.close();
parentPort?.postMessage({ seconds: (performance.now() - t0) / 1000, latencies, sentAt });
