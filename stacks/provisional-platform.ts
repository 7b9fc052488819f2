import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import type { BuiltCluster } from "../components/cluster/built-cluster";
import type { ClusterPlatform, FleetServices } from "../components/platform/contract";
import type { Fleet } from "../model/fleet";
import { objectStorageEndpoint } from "../model/hetzner";

/**
 * PROVISIONAL: what tenants need from each cluster and from the fleet, read from the fleet file
 * alone, until components/platform/ builds the real ClusterPlatform and FleetServices (with the
 * fleet's Keycloak and its admin secret). It registers the Keycloak provider and a created cluster's
 * Retain StorageClass, and is replaced as a whole when the platform lands.
 */
export function provisionalPlatforms(fleet: Fleet, clusters: ReadonlyMap<string, BuiltCluster>): Map<string, ClusterPlatform> {
  const platforms = new Map<string, ClusterPlatform>();
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const existing = spec.origin.kind === "adopted" ? spec.origin.existing : undefined;
    // Tenant data on a created cluster goes on a Retain class of Hetzner's CSI driver, whose own
    // default class deletes volumes. https://github.com/hetznercloud/csi-driver
    const retain =
      existing === undefined
        ? [
            new k8s.storage.v1.StorageClass(
              `${name}-retain`,
              {
                metadata: { name: "jardin-retain" },
                provisioner: "csi.hetzner.cloud",
                reclaimPolicy: "Retain",
                allowVolumeExpansion: true,
                volumeBindingMode: "WaitForFirstConsumer",
              },
              { provider: clusters.get(name)?.provider },
            ),
          ]
        : [];
    platforms.set(name, {
      cluster: name,
      storageClass: existing?.storageClass ?? "jardin-retain",
      ingressClass: existing?.ingress.className ?? "traefik",
      ingressNamespace: existing?.ingress.namespace ?? "traefik",
      clusterIssuer: existing?.clusterIssuer ?? "letsencrypt",
      // A created cluster's ingress is its load balancer (components/hetzner/).
      ingressAddress: existing?.ingress.address ?? clusters.get(name)?.hetzner?.ingressAddress ?? (pulumi.output(pulumi.unknown) as pulumi.Output<string>),
      dependsOn: retain,
    });
  }
  return platforms;
}

/** PROVISIONAL: see provisionalPlatforms. */
export function provisionalServices(fleet: Fleet, config: pulumi.Config): FleetServices {
  const url = `https://sso.${fleet.baseDomain}`;
  return {
    sso: {
      // initialLogin false: a preview needs no running Keycloak.
      provider: new keycloak.Provider("sso", { url, clientId: "admin-cli", realm: "master", initialLogin: false }),
      url,
    },
    smtp: { ...fleet.smtp, password: config.requireSecret("smtpPassword") },
    backups: {
      bucket: fleet.backups.bucket,
      endpoint: objectStorageEndpoint(fleet.backups.location),
      region: fleet.backups.location,
      accessKeyId: config.requireSecret("backupsAccessKeyId"),
      secretAccessKey: config.requireSecret("backupsSecretAccessKey"),
    },
  };
}
