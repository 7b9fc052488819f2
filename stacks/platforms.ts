import type * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import type * as random from "@pulumi/random";
import type { BuiltCluster } from "../model/contract/cluster";
import type { ClusterPlatform, MetricsEndpoint, SharedServices } from "../model/contract/platform";
import { FleetDns, type RecordToSet } from "../components/platform/dns";
import { FleetKeycloak } from "../components/platform/keycloak";
import { Platform } from "../components/platform/platform";
import { clusterHcloudTokenKey, type Fleet } from "../model/fleet";
import { tenantHostnames } from "../model/hostnames";
import { servingCluster } from "../model/move";
import { platformHostname } from "../model/platform-hostnames";
import type { LoadedTenant } from "../model/tenant-rules";
import { backupsService, fleetServices } from "./fleet-services";

export interface BuiltPlatform {
  /** What tenants on each cluster receive, by cluster name. */
  readonly platforms: ReadonlyMap<string, ClusterPlatform>;
  /** The fleet's services every tenant uses. */
  readonly services: SharedServices;
  /** Per cluster, where its metrics store answers Prometheus' query API. */
  readonly metrics: Readonly<Record<string, MetricsEndpoint>>;
  /** Per tenant, the DNS records its organisation must set in its own zone. */
  readonly recordsToSet: Readonly<Record<string, readonly RecordToSet[]>>;
}

/**
 * Everything beneath the tenants: each cluster's platform, the fleet's Keycloak on the cluster the
 * fleet file names, the shared services, and the collective's DNS zone.
 */
export function buildPlatform(
  fleet: Fleet,
  clusters: ReadonlyMap<string, BuiltCluster>,
  tenants: readonly LoadedTenant[],
  config: pulumi.Config,
  providers: { readonly hcloud: hcloud.Provider; readonly random: random.Provider },
  /** The collective's zone (`fleetZone`). */
  zone: hcloud.Zone,
): BuiltPlatform {
  const platforms = new Map<string, ClusterPlatform>();
  const metrics: Record<string, MetricsEndpoint> = {};
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const cluster = required(clusters.get(name), `cluster "${name}"`);
    // Each created cluster's drivers get a token of their own, never the gardeners' hcloudToken.
    const hcloudToken = spec.origin.kind === "created" ? config.requireSecret(clusterHcloudTokenKey(name)) : undefined;
    // The alerts' relay account's password is generated: the random provider, prod's default ones being off.
    const platform = new Platform(
      name,
      { cluster, spec, operatorsEmail: fleet.operatorsEmail, mailRelay: fleet.smtp, ...(hcloudToken === undefined ? {} : { hcloudToken }) },
      { providers: [providers.random] },
    );
    platforms.set(name, platform.platform);
    metrics[name] = platform.metrics;
  }

  const ssoCluster = required(clusters.get(fleet.sso.cluster), `SSO cluster "${fleet.sso.cluster}"`);
  const ssoPlatform = required(platforms.get(fleet.sso.cluster), `platform of "${fleet.sso.cluster}"`);
  const ssoHostname = platformHostname(fleet, "sso");
  const backups = backupsService(fleet, config);
  const dns = new FleetDns("dns", {
    zone,
    zoneName: fleet.baseDomain,
    provider: providers.hcloud,
    platform: [{ hostname: ssoHostname, ...addressesOf(ssoPlatform) }],
    tenants: Object.fromEntries(
      tenants.map(({ tenant }) => {
        // A moving organisation's names point at the cluster it leaves until the switch (model/move.ts).
        const serving = servingCluster(tenant);
        const addresses = addressesOf(required(platforms.get(serving), `platform of "${serving}"`));
        return [tenant.id, tenantHostnames(tenant).map((h) => ({ hostname: h.hostname, ...addresses }))];
      }),
    ),
  });
  const sso = new FleetKeycloak("sso", {
    provider: ssoCluster.provider,
    randomProvider: providers.random,
    platform: ssoPlatform,
    hostname: ssoHostname,
    adminCidrs: fleet.adminCidrs,
    smtpPort: fleet.smtp.port,
    appIngressAddresses: [...platforms.values()].map((p) => p.ingressAddress),
    backups,
    nameServedBy: required(dns.platformRecords.get(ssoHostname), `DNS records of ${ssoHostname}`),
  });

  return {
    platforms,
    services: fleetServices(fleet, { provider: sso.keycloakProvider, url: sso.url }, backups),
    recordsToSet: dns.recordsToSet,
    metrics,
  };
}

/** Where a cluster's names point: its ingress's IPv4 address, and its IPv6 one if it has one. */
function addressesOf(platform: ClusterPlatform): { address: pulumi.Input<string>; address6: pulumi.Input<string> | undefined } {
  return { address: platform.ingressAddress, address6: platform.ingressAddressV6 };
}

// The registry has checked every name; a miss here is a bug, not a mistake in a file.
function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} was not built`);
  return value;
}
