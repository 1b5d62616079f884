// SSRF guard: a webhook URL may not reach the server's own network (private, loopback,
// link-local, cloud metadata, …) unless WEBHOOKS_ALLOW_PRIVATE=1. Names are resolved and every
// address checked, and the request then connects to the checked address itself, so a DNS answer
// that changes between the check and the connection (rebinding) cannot slip through.
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

const refused = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, and the cloud metadata service 169.254.169.254
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  refused.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96], // NAT64 reaches IPv4 addresses, private ones too
  ["fc00::", 7], // unique local, with AWS's metadata fd00:ec2::254
  ["fe80::", 10],
  ["ff00::", 8],
] as const)
  refused.addSubnet(net, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:127.0.0.1 or ::ffff:7f00:1). */
function mappedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (!hex?.[1] || !hex[2]) return undefined;
  const hi = Number.parseInt(hex[1], 16);
  const lo = Number.parseInt(hex[2], 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** True when `address` (an IP literal) is one a webhook may not reach. */
export function isPrivateAddress(address: string): boolean {
  const v4 = mappedIpv4(address);
  if (v4) return refused.check(v4, "ipv4");
  const family = isIP(address);
  if (family === 4) return refused.check(address, "ipv4");
  if (family === 6) return refused.check(address, "ipv6");
  return true;
}

export class RefusedTarget extends Error {
  constructor(
    message: string,
    /** `private`: the address is refused; `unresolved`: the name has no address (now). */
    readonly reason: "private" | "unresolved",
  ) {
    super(message);
  }
}

export interface Target {
  address: string;
  family: 4 | 6;
}

/** The address to connect to for `url`, or RefusedTarget when it is private and not allowed. */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<Target> {
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  const literal = isIP(host);
  const addresses = literal
    ? [{ address: host, family: literal }]
    : await lookup(host, { all: true, verbatim: true }).catch((error: unknown) => {
        throw new RefusedTarget(
          `${host} does not resolve (${error instanceof Error ? error.message : String(error)})`,
          "unresolved",
        );
      });
  const first = addresses[0];
  if (!first) throw new RefusedTarget(`${host} does not resolve`, "unresolved");
  if (!allowPrivate) {
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) {
      const via = literal ? "" : ` (${host} resolves to ${inside.address})`;
      throw new RefusedTarget(
        `Refused: ${inside.address}${via} is a private, loopback or link-local address. Set WEBHOOKS_ALLOW_PRIVATE=1 to allow it.`,
        "private",
      );
    }
  }
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
