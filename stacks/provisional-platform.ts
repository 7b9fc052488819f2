import * as k8s from "@pulumi/kubernetes";
import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform, FleetServices } from "../components/platform/contract";
import type { Fleet } from "../model/fleet";
import { objectStorageEndpoint } from "../model/hetzner";

/**
 * PROVISIONAL: what tenants need from each cluster and from the fleet, read from the fleet file
 * alone, until components/platform/ builds the real ClusterPlatform and FleetServices (with the
 * fleet's Keycloak and its admin secret). It registers one resource, the Keycloak provider, and is
 * replaced as a whole when the platform lands.
 */
export function provisionalPlatforms(fleet: Fleet): Map<string, ClusterPlatform> {
  const platforms = new Map<string, ClusterPlatform>();
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const existing = spec.origin.kind === "adopted" ? spec.origin.existing : undefined;
    platforms.set(name, {
      cluster: name,
      storageClass: existing?.storageClass ?? "jardin-retain",
      ingressClass: existing?.ingress.className ?? "traefik",
      ingressNamespace: existing?.ingress.namespace ?? "traefik",
      clusterIssuer: existing?.clusterIssuer ?? "letsencrypt",
      // A created cluster's load balancer does not exist yet: its address is known after `up`.
      ingressAddress: existing?.ingress.address ?? (pulumi.output(pulumi.unknown) as pulumi.Output<string>),
      dependsOn: [],
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

/**
 * PROVISIONAL: the Retain class a created cluster's tenants use, until components/platform/
 * installs the Hetzner CSI driver with it. The chart's own default class deletes volumes.
 * https://github.com/hetznercloud/csi-driver/blob/main/docs/kubernetes/README.md
 */
export function provisionalRetainClass(cluster: string, platform: ClusterPlatform, provider: k8s.Provider): k8s.storage.v1.StorageClass {
  return new k8s.storage.v1.StorageClass(
    `${cluster}-retain`,
    {
      metadata: { name: platform.storageClass, labels: { "app.kubernetes.io/part-of": "jardin" } },
      provisioner: "csi.hetzner.cloud",
      reclaimPolicy: "Retain",
      allowVolumeExpansion: true,
      volumeBindingMode: "WaitForFirstConsumer",
    },
    { provider, protect: true, retainOnDelete: true },
  );
}
