// The server's key for secrets at rest. SECRET_KEY when set; on the embedded database without it,
// a random key generated once into DATA_DIR/secret.key (it lives and is backed up with the data).
// With DATABASE_URL every server must share one key, so there it has to come from SECRET_KEY.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Config } from "./config";
import { deriveKey, refusingBox, type SecretBox, secretBox } from "./domain/secrets";

export const SECRET_KEY_FILE = "secret.key";

export function openSecretBox(config: Config): SecretBox {
  if (config.SECRET_KEY) return secretBox(deriveKey(config.SECRET_KEY));
  if (config.DATABASE_URL) {
    return refusingBox(
      "SECRET_KEY is not set: with DATABASE_URL every server needs the same key to store secrets (e.g. openssl rand -hex 32).",
    );
  }
  // Created on first use, so commands that never store a secret leave DATA_DIR alone.
  let box: SecretBox | undefined;
  const lazy = () => {
    box ??= secretBox(deriveKey(keyFile(config.dataDir)));
    return box;
  };
  return { seal: (text) => lazy().seal(text), open: (sealed) => lazy().open(sealed) };
}

/** Reads DATA_DIR/secret.key, creating it (0600) when missing; two starts racing read one key. */
function keyFile(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const material = fs.readFileSync(file, "utf8").trim();
  if (material.length < 16)
    throw new Error(`${file} is too short to be a key; delete it only if no secret was stored.`);
  return Buffer.from(material);
}
