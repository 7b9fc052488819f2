import type { Tenant } from "./tenant";

/**
 * Hetzner load balancers carry no UDP, so each tenant's Jitsi videobridge is reached on a UDP
 * NodePort of its cluster's nodes. The port is derived from the tenant id, so it does not depend
 * on which other files exist, and collisions within a cluster are resolved by probing upwards.
 * https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport
 */
export const VIDEOBRIDGE_PORT_RANGE = { first: 30000, last: 32767 } as const;

/** The UDP NodePort of every tenant with Jitsi, by tenant id; unique within each cluster. */
export function videobridgePorts(tenants: readonly Pick<Tenant, "id" | "cluster" | "apps">[]): Map<string, number> {
  const size = VIDEOBRIDGE_PORT_RANGE.last - VIDEOBRIDGE_PORT_RANGE.first + 1;
  const ports = new Map<string, number>();
  const taken = new Map<string, Set<number>>();
  // Ids in order of their preferred port, then by id: a tenant keeps its preferred port unless a
  // tenant preferring the same one sorts before it, whatever else is added to the fleet.
  const withJitsi = tenants
    .filter((t) => t.apps.jitsi !== undefined)
    .map((t) => ({ id: t.id, cluster: t.cluster, preferred: fnv1a(t.id) % size }))
    .sort((a, b) => a.preferred - b.preferred || a.id.localeCompare(b.id));
  for (const { id, cluster, preferred } of withJitsi) {
    const used = taken.get(cluster) ?? new Set<number>();
    taken.set(cluster, used);
    // Before probing: in a full range the probe would never end.
    if (used.size >= size) throw new Error(`cluster ${cluster} has no UDP NodePort left for tenant ${id}`);
    let offset = preferred;
    while (used.has(offset)) offset = (offset + 1) % size;
    used.add(offset);
    ports.set(id, VIDEOBRIDGE_PORT_RANGE.first + offset);
  }
  return ports;
}

/** FNV-1a, 32 bits: small, stable across Node versions and platforms. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const char of Buffer.from(text, "utf8")) {
    hash ^= char;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
