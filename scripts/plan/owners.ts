import type { Snapshot, SnapshotResource } from "./snapshot";

export const TENANT_TYPE = "jardin:tenant:Tenant";
/** The new side of a moving tenant is its child (components/tenant/move.ts): the same tenant. */
export const TENANT_MOVE_TYPE = "jardin:tenant:Move";
export const CLUSTER_TYPE_PREFIX = "jardin:cluster:";
/** A cluster's platform is named after its cluster; reviewers read it with that cluster. */
const PLATFORM_TYPE = "jardin:platform:Platform";

/** Who a resource belongs to, for grouping plans and diffs the way reviewers think. */
export type Owner =
  | { readonly kind: "tenant"; readonly id: string }
  | { readonly kind: "cluster"; readonly name: string }
  | { readonly kind: "fleet" };

export function ownerLabel(owner: Owner): string {
  return owner.kind === "tenant" ? `tenant ${owner.id}` : owner.kind === "cluster" ? `cluster ${owner.name}` : "fleet";
}

/** The owner of every resource: its nearest Tenant or cluster ancestor (itself included). */
export function ownersOf(snapshot: Snapshot): Map<string, Owner> {
  const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
  const owners = new Map<string, Owner>();
  const ownerOf = (resource: SnapshotResource): Owner => {
    const known = owners.get(resource.urn);
    if (known !== undefined) return known;
    const parent = resource.parent === null ? undefined : byUrn.get(resource.parent);
    const owner: Owner =
      resource.type === TENANT_TYPE || resource.type === TENANT_MOVE_TYPE
        ? { kind: "tenant", id: resource.name }
        : resource.type.startsWith(CLUSTER_TYPE_PREFIX) || resource.type === PLATFORM_TYPE
          ? { kind: "cluster", name: resource.name }
          : parent === undefined
            ? { kind: "fleet" }
            : ownerOf(parent);
    owners.set(resource.urn, owner);
    return owner;
  };
  for (const resource of snapshot.resources) ownerOf(resource);
  return owners;
}

/** A unique key per owner, sorting the fleet first, then clusters, then tenants, each by name. */
export function ownerKey(owner: Owner): string {
  return owner.kind === "fleet" ? "0" : owner.kind === "cluster" ? `1 ${owner.name}` : `2 ${owner.id}`;
}
