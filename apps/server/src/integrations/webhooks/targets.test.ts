import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./targets";

describe("webhook target addresses", () => {
  it.each([
    "127.0.0.1",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "not an address",
  ])("refuses %s", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(["93.184.215.14", "8.8.8.8", "2606:4700::6810:84e5"])("allows %s", (address) =>
    expect(isPrivateAddress(address)).toBe(false),
  );
});
