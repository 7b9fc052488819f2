import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { isAtOrUnder } from "../../model/platform-hostnames";

/** One address record: a fully qualified name pointing at an ingress. */
export interface AddressRecord {
  readonly hostname: string;
  readonly address: pulumi.Input<string>;
}

/** A record an organisation sets in its own zone, as the stack outputs list it. */
export interface RecordToSet {
  readonly name: string;
  readonly type: "A";
  readonly value: pulumi.Output<string>;
}

export interface FleetDnsArgs {
  /** The collective's zone, e.g. `jardin.example`. */
  readonly zone: string;
  /** The fleet's hcloud provider. */
  readonly provider: hcloud.Provider;
  /** Names the platform serves (`sso.`), each at the ingress of the cluster running it. */
  readonly platform: readonly AddressRecord[];
  /** Every tenant hostname by tenant id, at the ingress of the tenant's cluster. */
  readonly tenants: Readonly<Record<string, readonly AddressRecord[]>>;
  /** Time to live of the records, in seconds: short, so moving a tenant between clusters is quick. @default 300 */
  readonly ttl?: number;
}

/**
 * The collective's zone on Hetzner DNS, with an A record for every name under it (the platform's
 * and tenants' hostnames under the base domain). Names in organisations' own domains cannot be
 * set from here: `recordsToSet` lists them, per tenant, for the stack outputs.
 */
export class FleetDns extends pulumi.ComponentResource {
  /** Per tenant, the records its organisation must set in its own zone. */
  readonly recordsToSet: Readonly<Record<string, readonly RecordToSet[]>>;

  constructor(name: string, args: FleetDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:platform:FleetDns", name, {}, opts);
    const ttl = args.ttl ?? 300;
    const child = { parent: this, provider: args.provider };

    // Every name of the collective hangs on the zone: deleting it would take them all down.
    const zone = new hcloud.Zone(
      `${name}-zone`,
      { name: args.zone, mode: "primary", ttl: 3600, deleteProtection: true, labels: { "managed-by": "jardin" } },
      { ...child, protect: true, retainOnDelete: true },
    );

    // Keyed by the name itself: adding or removing a tenant never renames another's record.
    const inZone = (record: AddressRecord) => isAtOrUnder(record.hostname, args.zone);
    const rrset = (record: AddressRecord) =>
      new hcloud.ZoneRrset(
        `${name}-${record.hostname}-a`,
        {
          zone: zone.name,
          name: relativeName(record.hostname, args.zone),
          type: "A",
          ttl,
          records: [{ value: record.address }],
        },
        child,
      );
    args.platform.filter(inZone).forEach(rrset);

    const recordsToSet: Record<string, RecordToSet[]> = {};
    for (const [tenant, records] of Object.entries(args.tenants)) {
      records.filter(inZone).forEach(rrset);
      const outside = records.filter((r) => !inZone(r));
      if (outside.length > 0) {
        recordsToSet[tenant] = outside.map((r) => ({ name: r.hostname, type: "A", value: pulumi.output(r.address) }));
      }
    }
    this.recordsToSet = recordsToSet;
    this.registerOutputs({ zone: zone.name });
  }
}

/** The record's name inside its zone: `@` for the apex, else the labels before the zone. */
export function relativeName(hostname: string, zone: string): string {
  return hostname === zone ? "@" : hostname.slice(0, -(zone.length + 1));
}
