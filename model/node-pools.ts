import type { ClusterSpec, PoolSpec } from "./fleet";
import { MAX_SERVERS_PER_PLACEMENT_GROUP, type EuLocation, type ServerType } from "./hetzner";
import type { Tenant } from "./tenant";

/** A pool as the machines are built from it: the fleet's pools plus one per dedicated tenant. */
export interface NodePoolPlan {
  /** Stable key: the fleet file's pool key, or `dedicated-<tenant id>`. */
  readonly key: string;
  readonly role: PoolSpec["role"];
  readonly serverType: ServerType;
  readonly count: number;
  readonly location: EuLocation;
  /** Set for a tenant's dedicated pool: its nodes carry the tenant's label and taint. */
  readonly tenant?: string;
}

/** The pool key of a tenant's dedicated pool. */
export function dedicatedPoolKey(tenantId: string): string {
  return `${DEDICATED_POOL_PREFIX}${tenantId}`;
}

/** Fleet pool keys may not start with it, so a tenant's pool never collides with a declared one. */
export const DEDICATED_POOL_PREFIX = "dedicated-";

/**
 * Every pool of one cluster, in the fleet file's order, then tenants' dedicated pools by id. A
 * dedicated pool goes to the cluster's first location, as the fleet's pools do by default.
 */
export function clusterNodePools(
  clusterName: string,
  spec: Pick<ClusterSpec, "locations" | "pools">,
  tenants: readonly Pick<Tenant, "id" | "cluster" | "plan">[],
): NodePoolPlan[] {
  const firstLocation = spec.locations[0]!;
  const declared = Object.entries(spec.pools).map(([key, pool]) => ({
    key,
    role: pool.role,
    serverType: pool.serverType,
    count: pool.count,
    location: pool.location ?? firstLocation,
  }));
  const dedicated = tenants
    .filter((t) => t.cluster === clusterName)
    .flatMap((t) =>
      t.plan.kind === "dedicated"
        ? [{ key: dedicatedPoolKey(t.id), role: "worker" as const, serverType: t.plan.serverType, count: t.plan.count, location: firstLocation, tenant: t.id }]
        : [],
    )
    .sort((a, b) => a.key.localeCompare(b.key));
  return [...declared, ...dedicated];
}

/**
 * The node names of a pool: `<cluster>-<pool>-<n>`, n from 1. A name depends on its pool key and
 * its own number only, so lowering a count removes the last nodes and renames nothing.
 */
export function nodeNames(clusterName: string, poolKey: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${clusterName}-${poolKey}-${i + 1}`);
}

/**
 * Which spread placement group a pool's n-th node (from 1) belongs to, from 1. Hetzner caps a
 * spread group at 10 servers, so a pool of 11 gets two groups; the chunk of a node never depends
 * on the pool's count, so growing or shrinking a pool never moves a running node.
 * https://docs.hetzner.cloud/reference/cloud#placement-groups
 */
export function placementChunk(nodeNumber: number): number {
  return Math.floor((nodeNumber - 1) / MAX_SERVERS_PER_PLACEMENT_GROUP) + 1;
}

/** The placement groups a pool of `count` nodes needs, each with the node numbers it holds. */
export function placementChunks(count: number): { readonly chunk: number; readonly nodes: readonly number[] }[] {
  const chunks = new Map<number, number[]>();
  for (let n = 1; n <= count; n++) {
    const chunk = placementChunk(n);
    chunks.set(chunk, [...(chunks.get(chunk) ?? []), n]);
  }
  return [...chunks.entries()].map(([chunk, nodes]) => ({ chunk, nodes }));
}
