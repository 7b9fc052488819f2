import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Kubernetes provider through which everything on one cluster is deployed.
 * `clusterIdentifier` pins its identity to the cluster's name: rotating the kubeconfig is then an
 * update, never a replacement that would recreate every tenant's resources (pulumi-kubernetes
 * provider/pkg/provider/provider.go, DiffConfig: only a changed clusterIdentifier replaces it).
 */
export function clusterProvider(
  name: string,
  kubeconfig: pulumi.Input<string>,
  parent: pulumi.Resource,
  /**
   * What must be done before the provider is configured: pulumi-kubernetes probes the cluster once,
   * in Configure, and if it does not answer marks it unreachable, so every create of that run fails
   * with "configured Kubernetes cluster is unreachable" (pulumi-kubernetes v4.32.0,
   * provider/pkg/provider/provider.go, Configure and Create). A created cluster's readiness gate.
   */
  readyAfter: readonly pulumi.Resource[] = [],
): k8s.Provider {
  return new k8s.Provider(
    `${name}-k8s`,
    {
      kubeconfig: pulumi.secret(kubeconfig),
      clusterIdentifier: name,
      // Never silently forget resources when the API is unreachable: fail and let a human look.
      deleteUnreachable: false,
    },
    // Protected: a new clusterIdentifier replaces the provider and every resource on the cluster.
    { parent, protect: true, dependsOn: [...readyAfter] },
  );
}
