import { BlockList, isIP } from "node:net";

/**
 * Address ranges reserved for documentation: no packet on the internet comes from them
 * (RFC 5737 for IPv4, RFC 3849 for IPv6).
 */
const DOCUMENTATION_RANGES = [
  { network: "192.0.2.0", prefix: 24, family: "ipv4", rfc: "RFC 5737" },
  { network: "198.51.100.0", prefix: 24, family: "ipv4", rfc: "RFC 5737" },
  { network: "203.0.113.0", prefix: 24, family: "ipv4", rfc: "RFC 5737" },
  { network: "2001:db8::", prefix: 32, family: "ipv6", rfc: "RFC 3849" },
] as const;

/** The RFC reserving this address or network for documentation, or undefined if it can route. */
export function documentationRange(addressOrCidr: string): string | undefined {
  const [address = "", prefixText] = addressOrCidr.split("/");
  const family = isIP(address) === 4 ? "ipv4" : isIP(address) === 6 ? "ipv6" : undefined;
  if (family === undefined) return undefined;
  const prefix = prefixText === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefixText);
  for (const range of DOCUMENTATION_RANGES) {
    const block = new BlockList();
    block.addSubnet(range.network, range.prefix, range.family);
    if (range.family === family && prefix >= range.prefix && block.check(address, family)) return range.rfc;
  }
  return undefined;
}

/**
 * A fleet whose base domain is a name reserved for examples (RFC 2606, RFC 6761): it can never
 * serve anyone, so placeholders (documentation addresses) are allowed there, and flagged.
 */
export function isExampleDomain(domain: string): boolean {
  return /(^|\.)(example|test|invalid|localhost)$/.test(domain) || /(^|\.)example\.(com|net|org)$/.test(domain);
}

/**
 * A checksum that stands for "not read yet" in an example fleet (the k3s installer's): no file
 * has it, so a server would refuse to install; refused outside an example fleet.
 */
export const PLACEHOLDER_SHA256 = "0".repeat(64);

/** What the plan flags in an example fleet: each placeholder address and where it is. */
export function examplePlaceholders(fleet: {
  readonly baseDomain: string;
  readonly adminCidrs: readonly string[];
  readonly clusters: Readonly<
    Record<string, { readonly origin: { readonly kind: string; readonly k3sInstallerSha256?: string; readonly existing?: { readonly ingress: { readonly address: string; readonly address6?: string } } } }>
  >;
}): string[] {
  if (!isExampleDomain(fleet.baseDomain)) return [];
  const found: string[] = [];
  fleet.adminCidrs.forEach((cidr, i) => {
    const rfc = documentationRange(cidr);
    if (rfc !== undefined) found.push(`adminCidrs[${i}]: ${cidr} (${rfc})`);
  });
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const ingress = spec.origin.existing?.ingress;
    for (const [field, address] of [["address", ingress?.address], ["address6", ingress?.address6]] as const) {
      const rfc = address === undefined ? undefined : documentationRange(address);
      if (rfc !== undefined) found.push(`clusters.${name}.origin.existing.ingress.${field}: ${address} (${rfc})`);
    }
    if (spec.origin.k3sInstallerSha256 === PLACEHOLDER_SHA256) found.push(`clusters.${name}.origin.k3sInstallerSha256: a placeholder (no installer has it)`);
  }
  return found;
}
