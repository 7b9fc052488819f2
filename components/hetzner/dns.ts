import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";

// The collective's zone on Hetzner DNS and its address records: machines' names (a created
// cluster's API) and the platform's (components/platform/dns.ts) both stand on them.

/** The former URN of the zone, a child of the FleetDns component "dns" until clusters needed it first. */
const ZONE_FORMER_PARENT = { name: "dns", type: "jardin:platform:FleetDns" } as const;

/**
 * The collective's zone on Hetzner DNS. Every name of the collective hangs on it, deleting it
 * would take them all down: protected in Hetzner and in Pulumi. Made before the clusters, whose
 * API names live in it.
 */
export function fleetZone(baseDomain: string, provider: hcloud.Provider): hcloud.Zone {
  return new hcloud.Zone(
    `${ZONE_FORMER_PARENT.name}-zone`,
    { name: baseDomain, mode: "primary", ttl: 3600, deleteProtection: true, labels: { "managed-by": "jardin" } },
    {
      provider,
      protect: true,
      retainOnDelete: true,
      aliases: [{ parent: pulumi.createUrn(ZONE_FORMER_PARENT.name, ZONE_FORMER_PARENT.type) }],
    },
  );
}

/** A name's A and AAAA record sets in the zone, each with every address given (a DNS client tries each). */
export function addressRecordSets(
  name: string,
  args: { readonly zone: hcloud.Zone; readonly zoneName: string; readonly hostname: string; readonly ipv4: pulumi.Input<string>[]; readonly ipv6: pulumi.Input<string>[]; readonly ttl: number },
  opts: pulumi.CustomResourceOptions,
): hcloud.ZoneRrset[] {
  const sets = [
    { type: "A" as const, values: args.ipv4 },
    { type: "AAAA" as const, values: args.ipv6 },
  ].filter((set) => set.values.length > 0);
  return sets.map(
    (set) =>
      new hcloud.ZoneRrset(
        `${name}-${set.type.toLowerCase()}`,
        { zone: args.zone.name, name: relativeName(args.hostname, args.zoneName), type: set.type, ttl: args.ttl, records: set.values.map((value) => ({ value })) },
        opts,
      ),
  );
}

/** The record's name inside its zone: `@` for the apex, else the labels before the zone. */
export function relativeName(hostname: string, zone: string): string {
  return hostname === zone ? "@" : hostname.slice(0, -(zone.length + 1));
}
