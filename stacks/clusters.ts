import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AdoptedCluster } from "../components/cluster/adopted-cluster";
import { K3sCluster } from "../components/cluster/k3s-cluster";
import { kubeconfigConfigKey, type Fleet } from "../model/fleet";

/** Builds every cluster of the fleet; returns the Kubernetes provider of each, by cluster name. */
export function buildClusters(fleet: Fleet, config: pulumi.Config): Map<string, k8s.Provider> {
  const providers = new Map<string, k8s.Provider>();
  for (const [name, spec] of Object.entries(fleet.clusters)) {
    const kubeconfig = config.requireSecret(kubeconfigConfigKey(name));
    const cluster =
      spec.origin.kind === "adopted"
        ? new AdoptedCluster(name, { kubeconfig })
        : new K3sCluster(name, { spec, kubeconfig });
    providers.set(name, cluster.provider);
  }
  return providers;
}
