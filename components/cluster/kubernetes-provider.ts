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
    { parent, protect: true },
  );
}
