// Inbound SMTP: Switchboard is the mail server for its inbox addresses. Unknown recipients are
// refused at RCPT (550); accepted mail is answered 250 once it is stored in the spool, which
// ingests it right after (spool.ts), so a sender retries (4xx) only if we could not store it.
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { normaliseAddress, splitPlus } from "../../domain/email/address";
import { findInboxesCached } from "../../queries/email";
import type { Services } from "../../services";
import { startEmailSpool } from "./spool";

export interface EmailListener {
  port: number;
  /** Resolves once every mail accepted so far is ingested (or waits on a retry no more). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startEmailListener(
  services: Services,
  options: {
    host: string;
    port: number;
    /** Mails held in memory (spool.ts); tests make it small. */
    heldMax?: number;
  },
): Promise<EmailListener> {
  const maxBytes = Math.round(services.config.EMAIL_MAX_MB * 1024 * 1024);
  const spool = await startEmailSpool(services, { heldMax: options.heldMax });
  const server = new SMTPServer({
    name: "switchboard",
    banner: "Switchboard inbound mail",
    size: maxBytes,
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    maxClients: 200,
    onRcptTo(address, _session, callback) {
      const recipient = normaliseAddress(address.address);
      if (!recipient) return callback(smtpError(553, "5.1.3 Bad recipient address syntax"));
      findInboxesCached(services.database.db, [splitPlus(recipient).base]).then(
        (rows) => callback(rows.length > 0 ? null : smtpError(550, "5.1.1 No such inbox here")),
        () => callback(smtpError(451, "4.3.0 Temporary lookup failure, try again later")),
      );
    },
    onData(stream, session, callback) {
      readAll(stream, maxBytes)
        .then(
          async (raw) => {
            if (!raw) return callback(smtpError(552, "5.3.4 Message too big"));
            await spool.accept(raw, envelopeOf(session));
            callback(null);
          },
          (error: unknown) => {
            console.error("[email] inbound failed", error);
            callback(smtpError(451, "4.3.0 Could not store the message, try again later"));
          },
        )
        .catch((error: unknown) => {
          console.error("[email] inbound failed", error);
          callback(smtpError(451, "4.3.0 Could not store the message, try again later"));
        });
    },
  });
  // A broken client connection must never take the listener (or the process) down.
  server.on("error", (error) => console.error("[email] smtp:", error.message));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  }).catch(async (error: unknown) => {
    await spool.close();
    throw error;
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    idle: () => spool.idle(),
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await spool.close();
    },
  };
}

function envelopeOf(session: SMTPServerSession) {
  const mailFrom = session.envelope.mailFrom;
  return {
    mailFrom: mailFrom === false ? "" : (mailFrom.address ?? "").toLowerCase(),
    recipients: session.envelope.rcptTo.map((r) => normaliseAddress(r.address)).filter((a): a is string => Boolean(a)),
  };
}

/** Resolves to the message bytes, or undefined when it exceeded the size limit. */
function readAll(stream: Readable & { sizeExceeded?: boolean }, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on("error", reject);
    stream.on("end", () => resolve(stream.sizeExceeded || size > maxBytes ? undefined : Buffer.concat(chunks)));
  });
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}
