import type { Fleet } from "./fleet";
import type { Problem } from "./problems";
import type { LoadedTenant } from "./tenant-rules";

/**
 * Namespaces a tenant derives from its id beside `<id>` itself, by suffix: OnlyOffice's Document
 * Server runs at Pod Security `baseline` in a namespace of its own, `<id>-office`.
 */
export const DERIVED_NAMESPACE_SUFFIXES = ["-office"] as const;

/** OnlyOffice's namespace for a tenant. */
export const officeNamespace = (tenantId: string): string => `${tenantId}${DERIVED_NAMESPACE_SUFFIXES[0]}`;

/**
 * A tenant's namespace is named after its id: an id that is another tenant's derived namespace or
 * one an adopted cluster says it already uses would put two owners in one namespace (its quota,
 * network policies and deletion would be shared). The platform's own are refused by the tenant
 * schema (RESERVED_TENANT_IDS in model/tenant.ts).
 */
export function reservedNamespaceProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  const adopted = Object.entries(fleet.clusters).flatMap(([name, cluster]) =>
    cluster.origin.kind === "adopted" ? [{ namespace: cluster.origin.existing.ingress.namespace, field: `clusters.${name}.origin.existing.ingress.namespace` }] : [],
  );
  const ownerOf = (id: string): string | undefined => {
    const derivedBy = tenants.find((other) => DERIVED_NAMESPACE_SUFFIXES.some((suffix) => `${other.tenant.id}${suffix}` === id));
    if (derivedBy !== undefined) return `the namespace ${derivedBy.file} derives for its own apps`;
    const inUse = adopted.find((a) => a.namespace === id);
    return inUse === undefined ? undefined : `a namespace an adopted cluster already uses (${fleetFile}: ${inUse.field})`;
  };
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const owner = ownerOf(tenant.id);
    return owner === undefined ? [] : [{ file, field: "id", message: `"${tenant.id}" is also ${owner}; a tenant's namespace is its id: pick another id` }];
  });
}
