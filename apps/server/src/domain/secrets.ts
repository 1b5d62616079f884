// Secrets at rest (an SMTP password, a DKIM private key): AES-256-GCM under the server's key.
// A sealed value names the key it was sealed with, so a changed SECRET_KEY is reported as such
// instead of as corrupt data.
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from "node:crypto";
import { conflict } from "./errors";

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const VERSION = "v1";

/** The 32-byte key from SECRET_KEY (any length ≥ 16), or from the bytes of a generated key file. */
export function deriveKey(material: string | Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", material, "switchboard", "secrets at rest v1", 32));
}

export function secretBox(key: Buffer): SecretBox {
  const keyId = createHash("sha256").update(key).digest("hex").slice(0, 8);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      return [VERSION, keyId, Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")].join(":");
    },
    open(sealed) {
      const [version, sealedWith, data] = sealed.split(":");
      if (version !== VERSION || !data) throw conflict("A stored secret is not in a format this server reads.");
      if (sealedWith !== keyId) {
        throw conflict(
          "A stored secret was encrypted with another SECRET_KEY: restore that key, or enter the secret again.",
        );
      }
      const bytes = Buffer.from(data, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    },
  };
}

/** Whether a stored value is sealed text (`v1:<key id>:…`) rather than a plain value stored before sealing. */
export function looksSealed(stored: string): boolean {
  return /^v1:[0-9a-f]{8}:/.test(stored);
}

/** A box that refuses every use with the reason (no key can be had in this set-up). */
export function refusingBox(reason: string): SecretBox {
  return {
    seal() {
      throw conflict(reason);
    },
    open() {
      throw conflict(reason);
    },
  };
}
