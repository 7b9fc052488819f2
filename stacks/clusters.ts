import * as pulumi from "@pulumi/pulumi";
import { AdoptedCluster } from "../components/cluster/adopted-cluster";
import type { BuiltCluster } from "../components/cluster/built-cluster";
import { K3sCluster } from "../components/cluster/k3s-cluster";
import { kubeconfigConfigKey, type Fleet } from "../model/fleet";

/** Builds every cluster of the fleet; returns each, by cluster name. */
export function buildClusters(fleet: Fleet, config: pulumi.Config): Map<string, BuiltCluster> {
  const clusters = new Map<string, BuiltCluster>();
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const kubeconfig = config.requireSecret(kubeconfigConfigKey(name));
    if (spec.origin.kind === "adopted") {
      clusters.set(name, { name, provider: new AdoptedCluster(name, { kubeconfig }).provider });
    } else {
      const cluster = new K3sCluster(name, { spec, kubeconfig });
      clusters.set(name, { name, provider: cluster.provider, hetzner: cluster.hetzner });
    }
  }
  return clusters;
}
