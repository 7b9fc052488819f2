import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { AdoptedCluster } from "../components/cluster/adopted-cluster";
import type { BuiltCluster } from "../model/contract/cluster";
import { K3sCluster } from "../components/cluster/k3s-cluster";
import { kubeconfigConfigKey, type Fleet } from "../model/fleet";
import { clusterNodePools } from "../model/node-pools";
import { clusterApiHostname } from "../model/platform-hostnames";
import type { Tenant } from "../model/tenant";

/**
 * The gardeners' SSH keys, once for the fleet: Hetzner refuses the same public key twice in a
 * project, so clusters share them.
 */
export function gardenersKeys(fleet: Fleet, provider: hcloud.Provider): hcloud.SshKey[] {
  return Object.entries(fleet.sshKeys).map(
    ([name, publicKey]) => new hcloud.SshKey(`ssh-${name}`, { name: `jardin-${name}`, publicKey }, { provider }),
  );
}

/**
 * Builds every cluster of the fleet: created ones with their machines (pools from the fleet file
 * and tenants' dedicated plans; the firewall opens each tenant's videobridge port), adopted ones
 * from their kubeconfig in secret config. Returns them by cluster name.
 */
export function buildClusters(
  fleet: Fleet,
  tenants: readonly Tenant[],
  /** Every Jitsi tenant's videobridge NodePort (model/videobridge-ports.ts), by tenant id. */
  ports: ReadonlyMap<string, number>,
  config: pulumi.Config,
  hcloudProvider: hcloud.Provider,
  /** The fleet's DNS zone (`fleetZone`): created clusters' API names live in it. */
  zone: hcloud.Zone,
): Map<string, BuiltCluster> {
  const created = Object.values(fleet.clusters).some((spec) => spec.origin.kind === "created");
  const sshKeys = created ? gardenersKeys(fleet, hcloudProvider).map((key) => key.id) : [];
  const clusters = new Map<string, BuiltCluster>();
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    if (spec.origin.kind === "adopted") {
      clusters.set(name, new AdoptedCluster(name, { kubeconfig: config.requireSecret(kubeconfigConfigKey(name)) }));
      continue;
    }
    const onCluster = tenants.filter((t) => t.cluster === name);
    clusters.set(
      name,
      new K3sCluster(name, {
        spec: { ...spec, origin: spec.origin },
        pools: clusterNodePools(name, spec, onCluster),
        adminCidrs: fleet.adminCidrs,
        sshKeys,
        videobridgePorts: new Map([...ports].filter(([id]) => onCluster.some((t) => t.id === id))),
        etcdBackups: etcdSnapshotsStore(fleet, config),
        hcloud: hcloudProvider,
        api: { hostname: clusterApiHostname(fleet, name), zone, zoneName: fleet.baseDomain },
      }),
    );
  }
  return clusters;
}

/**
 * Where a created cluster's etcd snapshots go: `backups.etcd`, a bucket of a Hetzner project of
 * its own with that project's keys, or else the backups bucket with the backups' keys.
 */
function etcdSnapshotsStore(fleet: Fleet, config: pulumi.Config) {
  const own = fleet.backups.etcd;
  if (own === undefined) {
    return {
      location: fleet.backups.location,
      bucket: fleet.backups.bucket,
      accessKeyId: config.requireSecret("backupsAccessKeyId"),
      secretAccessKey: config.requireSecret("backupsSecretAccessKey"),
    };
  }
  return {
    location: own.location,
    bucket: own.bucket,
    accessKeyId: config.requireSecret("etcdSnapshotsAccessKeyId"),
    secretAccessKey: config.requireSecret("etcdSnapshotsSecretAccessKey"),
  };
}
