// bench:email's mails written into a Maildir, for a peer that takes mail over IMAP (FreeScout's
// `freescout:fetch-emails` reads them from a local Dovecot): the same mails, in the same order,
// with replies pointing at earlier mails' Message-IDs, as the SMTP bench sends them.
//   npm run bench:email:maildir -- DIR [--mails 300] [--workload minimal] [--name bench-x]
// DIR gets cur/, new/ and tmp/; the mails go to new/ (unseen), named so that Dovecot gives them
// UIDs in sending order (it orders new mails by the time and microsecond fields of the name).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { benchMail } from "./emailWorkload.mjs";

const dir = process.argv[2];
if (!dir || dir.startsWith("--")) throw new Error("usage: emailMaildir.ts DIR [--mails N] [--workload minimal]");
const option = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mails = Number(option("mails") ?? 300);
const run = {
  name: option("name") ?? `bench-${Date.now().toString(36)}`,
  domain: "support.test",
  replyShare: 0.2,
  realistic: option("workload") !== "minimal",
};

for (const sub of ["cur", "new", "tmp"]) mkdirSync(join(dir, sub), { recursive: true });
// nodemailer's own composer renders each mail as the SMTP bench would put it on the wire.
const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
const second = Math.floor(Date.now() / 1000);
let bytes = 0;
for (let i = 0; i < mails; i++) {
  const info = await composer.sendMail({ ...benchMail(i, run), date: new Date() });
  const raw = info.message;
  if (!Buffer.isBuffer(raw)) throw new Error("nodemailer did not buffer the message");
  const file = `${second}.M${String(i).padStart(6, "0")}P${process.pid}.bench`;
  writeFileSync(join(dir, "tmp", file), raw);
  renameSync(join(dir, "tmp", file), join(dir, "new", file));
  bytes += raw.length;
}
console.log(`${mails} mails (${run.name}, ${Math.round(bytes / mails)} bytes on average) in ${join(dir, "new")}`);
