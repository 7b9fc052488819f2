import { TENANT_NODE_KEY } from "../../model/contract/nodes";

/**
 * Labels on every Hetzner resource of a cluster. Load balancer targets and the cloud controller
 * select servers by them, and `hcloud server list -l jardin/cluster=<name>` finds a cluster's machines.
 * https://docs.hetzner.cloud/reference/cloud#labels
 */
export function clusterLabels(cluster: string): Record<string, string> {
  return { "jardin/cluster": cluster, "jardin/managed-by": "pulumi" };
}

/** Labels of one node: its cluster, pool and role, and the tenant of a dedicated pool. */
export function nodeLabels(args: {
  readonly cluster: string;
  readonly pool: string;
  readonly role: "control-plane" | "worker";
  readonly tenant?: string;
}): Record<string, string> {
  return {
    ...clusterLabels(args.cluster),
    "jardin/pool": args.pool,
    "jardin/role": args.role,
    ...(args.tenant === undefined ? {} : { [TENANT_NODE_KEY]: args.tenant }),
  };
}

/** A Hetzner label selector matching every given label. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels)
    .map(([key, value]) => `${key}=${value}`)
    .join(",");
}
