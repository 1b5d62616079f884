// DKIM keys for outbound mail: an RSA key generated in the app, the DNS TXT record that publishes
// its public half, and whether a sender address may be signed for the key's domain.
import { generateKeyPairSync } from "node:crypto";

export interface DkimKey {
  /** PKCS#8 PEM, sealed before it is stored. */
  privateKey: string;
  /** Base64 DER SubjectPublicKeyInfo: the record's p= value. */
  publicKey: string;
}

/** 2048 bits: what Google and Microsoft recommend; fits one TXT record split into strings. */
export function generateDkimKey(): DkimKey {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: publicKey.export({ type: "spki", format: "der" }).toString("base64"),
  };
}

export interface DkimRecord {
  /** The TXT record's name: selector._domainkey.domain */
  name: string;
  /** The TXT value as one string (DNS consoles split it into 255-character strings themselves). */
  value: string;
  /** The same value as a zone-file line, split into quoted strings of at most 255 characters. */
  zoneLine: string;
}

export function dkimRecord(domain: string, selector: string, publicKey: string): DkimRecord {
  const name = `${selector}._domainkey.${domain}`;
  const value = `v=DKIM1; k=rsa; p=${publicKey}`;
  const chunks = value.match(/.{1,255}/g) ?? [value];
  return { name, value, zoneLine: `${name}. IN TXT ( ${chunks.map((c) => `"${c}"`).join(" ")} )` };
}

/** A signature only helps (DMARC alignment) when the From domain is the key's domain or below it. */
export function dkimAligned(fromAddress: string, keyDomain: string): boolean {
  const at = fromAddress.lastIndexOf("@");
  const domain = fromAddress.slice(at + 1).toLowerCase();
  const key = keyDomain.toLowerCase();
  return at > 0 && (domain === key || domain.endsWith(`.${key}`));
}

/** A DNS label: letters, digits, hyphens (the selector, e.g. "switchboard" or "sb2026"). */
export const DKIM_SELECTOR = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;
