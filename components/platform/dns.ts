import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { isAtOrUnder } from "../../model/platform-hostnames";
import { addressRecordSets } from "../hetzner/dns";

/** A fully qualified name pointing at an ingress: its IPv4 address, and its IPv6 one if it has one. */
export interface AddressRecord {
  readonly hostname: string;
  readonly address: pulumi.Input<string>;
  readonly address6?: pulumi.Input<string>;
}

/** A record an organisation sets in its own zone, as the stack outputs list it. */
export interface RecordToSet {
  readonly name: string;
  readonly type: "A" | "AAAA";
  readonly value: pulumi.Output<string>;
}

/** The address records of a name: A, and AAAA where the ingress has an IPv6 address. */
function addressRecords(record: AddressRecord): { type: "A" | "AAAA"; value: pulumi.Input<string> }[] {
  return [{ type: "A" as const, value: record.address }, ...(record.address6 === undefined ? [] : [{ type: "AAAA" as const, value: record.address6 }])];
}

export interface FleetDnsArgs {
  /** The collective's zone (`fleetZone`), e.g. `jardin.example`. */
  readonly zone: hcloud.Zone;
  /** Its name, the fleet's base domain. */
  readonly zoneName: string;
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
 * The collective's zone on Hetzner DNS, with an A record, and an AAAA record where the ingress has
 * an IPv6 address, for every name under it (the platform's and tenants' hostnames under the base
 * domain). Names in organisations' own domains cannot be
 * set from here: `recordsToSet` lists them, per tenant, for the stack outputs.
 */
export class FleetDns extends pulumi.ComponentResource {
  /** Per tenant, the records its organisation must set in its own zone. */
  readonly recordsToSet: Readonly<Record<string, readonly RecordToSet[]>>;
  /** The record sets of each platform name in the zone (A, and AAAA where there is an address). */
  readonly platformRecords: ReadonlyMap<string, readonly hcloud.ZoneRrset[]>;

  constructor(name: string, args: FleetDnsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:platform:FleetDns", name, {}, opts);
    const ttl = args.ttl ?? 300;
    const child = { parent: this, provider: args.provider };

    // Keyed by the name itself: adding or removing a tenant never renames another's record.
    const inZone = (record: AddressRecord) => isAtOrUnder(record.hostname, args.zoneName);
    const rrsets = (record: AddressRecord) =>
      addressRecordSets(
        `${name}-${record.hostname}`,
        { zone: args.zone, zoneName: args.zoneName, hostname: record.hostname, ipv4: [record.address], ipv6: record.address6 === undefined ? [] : [record.address6], ttl },
        child,
      );
    /** The record sets of the platform's names, by hostname: what waits for a name to resolve waits for them. */
    this.platformRecords = new Map(args.platform.filter(inZone).map((record) => [record.hostname, rrsets(record)]));

    const recordsToSet: Record<string, RecordToSet[]> = {};
    for (const [tenant, records] of Object.entries(args.tenants)) {
      records.filter(inZone).forEach(rrsets);
      const outside = records.filter((r) => !inZone(r));
      if (outside.length > 0) {
        recordsToSet[tenant] = outside.flatMap((r) => addressRecords(r).map(({ type, value }) => ({ name: r.hostname, type, value: pulumi.output(value) })));
      }
    }
    this.recordsToSet = recordsToSet;
    this.registerOutputs({ zone: args.zone.name });
  }
}
