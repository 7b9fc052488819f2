import { describe, expect, it } from "vitest";
import { holds, parseCidr, reaches } from "../../../policies/lib/cidr";

const c = (text: string) => parseCidr(text)!;

describe("CIDR arithmetic for ipBlocks", () => {
  it("reads IPv4 and IPv6 blocks, down to their network address, and refuses anything else", () => {
    expect(parseCidr("10.1.2.3/8")).toEqual({ family: 4, base: 10n << 24n, prefix: 8 });
    expect(parseCidr("2001:db8::1/32")).toEqual({ family: 6, base: 0x20010db8n << 96n, prefix: 32 });
    expect(parseCidr("::/0")).toEqual({ family: 6, base: 0n, prefix: 0 });
    for (const bad of ["10.0.0.0", "10.0.0.256/8", "10.0.0.0/33", "fe80::1::2/10", "2001:db8::/129", "[unknown]"]) expect(parseCidr(bad), bad).toBeUndefined();
  });

  it("holds a block inside another of the same family only", () => {
    expect(holds(c("10.0.0.0/8"), c("10.0.1.0/24"))).toBe(true);
    expect(holds(c("10.0.1.0/24"), c("10.0.0.0/8"))).toBe(false);
    expect(holds(c("0.0.0.0/0"), c("fc00::/7"))).toBe(false);
    expect(holds(c("fc00::/7"), c("fd12:3456::/48"))).toBe(true);
  });

  it("tells whether a block less its exceptions reaches a target", () => {
    expect(reaches(c("0.0.0.0/0"), [], c("169.254.169.254/32"))).toBe(true);
    expect(reaches(c("0.0.0.0/0"), [c("169.254.0.0/16")], c("169.254.169.254/32"))).toBe(false);
    expect(reaches(c("0.0.0.0/0"), [c("169.254.169.254/32")], c("10.0.0.0/8"))).toBe(true);
    expect(reaches(c("10.0.1.0/24"), [], c("10.0.0.0/8"))).toBe(true);
    expect(reaches(c("203.0.113.10/32"), [], c("10.0.0.0/8"))).toBe(false);
    // Carved out by two halves, not one exception: counted as reached (conservative).
    expect(reaches(c("10.0.0.0/8"), [c("10.0.0.0/9"), c("10.128.0.0/9")], c("10.0.0.0/8"))).toBe(true);
  });
});
