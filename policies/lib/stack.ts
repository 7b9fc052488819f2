import type { PolicyResource } from "@pulumi/policy";
import { LABELS } from "../../model/contract/tenant-labels";
import { groupBy } from "../../model/group-by";
import { metadataOf } from "./kubernetes";

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";

/** A tenant's namespace on one cluster, and what the stack creates in it. */
export interface TenantNamespace {
  readonly tenant: string;
  readonly namespace: PolicyResource;
  readonly name: string;
  readonly contents: readonly PolicyResource[];
}

/** The cluster a Kubernetes resource goes to: its explicit provider (default providers are off). */
export function clusterOf(resource: PolicyResource): string | undefined {
  return resource.provider?.urn;
}

/** Every namespace labelled as a tenant's, with the resources the stack puts in it on that cluster. */
export function tenantNamespaces(resources: readonly PolicyResource[]): TenantNamespace[] {
  // Grouped once: a fleet of a thousand tenants has tens of thousands of resources.
  const byNamespace = groupBy(resources, (resource) => {
    const namespace = metadataOf(resource.props).namespace;
    return namespace === undefined ? undefined : `${clusterOf(resource)} ${namespace}`;
  });
  return resources
    .filter((r) => r.type === NAMESPACE_TYPE && metadataOf(r.props).labels[LABELS.tenant] !== undefined)
    .map((namespace) => {
      const { labels, name } = metadataOf(namespace.props);
      const namespaceName = name ?? namespace.name;
      const contents = byNamespace.get(`${clusterOf(namespace)} ${namespaceName}`) ?? [];
      return { tenant: labels[LABELS.tenant] ?? "", namespace, name: namespaceName, contents };
    });
}
