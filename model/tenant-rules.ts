import { basename } from "node:path";
import type { Fleet } from "./fleet";
import { hostnameOf, tenantHostnames } from "./hostnames";
import type { Problem } from "./problems";
import { closestName, listAlternatives } from "./suggest";
import type { Tenant } from "./tenant";

/** A validated tenant and the file it came from. */
export interface LoadedTenant {
  /** Relative to the repository root, e.g. `tenants/la-rue-commune.ts`. */
  readonly file: string;
  readonly tenant: Tenant;
}

/**
 * Rules no single file can check: names match files, ids and hostnames are unique, clusters exist
 * and can host the plan. Returns every problem at once.
 */
export function crossTenantProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  return [
    ...fileNameProblems(tenants),
    ...duplicateIdProblems(tenants),
    ...duplicateHostnameProblems(tenants),
    ...duplicateMatrixServerNameProblems(tenants),
    ...clusterProblems(fleet, fleetFile, tenants),
  ];
}

export function fileNameProblems(tenants: readonly LoadedTenant[]): Problem[] {
  return tenants
    .filter(({ file, tenant }) => basename(file, ".ts") !== tenant.id)
    .map(({ file, tenant }) => ({
      file,
      field: "id",
      message: `"${tenant.id}" does not match the file name; rename the file to tenants/${tenant.id}.ts or set id: "${basename(file, ".ts")}"`,
    }));
}

export function duplicateIdProblems(tenants: readonly LoadedTenant[]): Problem[] {
  return groupedDuplicates(tenants, (t) => t.tenant.id).flatMap((group) =>
    group.map(({ file, tenant }) => ({
      file,
      field: "id",
      message: `"${tenant.id}" is also the id of ${group
        .filter((other) => other.file !== file)
        .map((other) => other.file)
        .join(", ")}; each organisation needs its own id`,
    })),
  );
}

export function duplicateHostnameProblems(tenants: readonly LoadedTenant[]): Problem[] {
  const uses = tenants.flatMap(({ file, tenant }) =>
    tenantHostnames(tenant).map((h) => ({ file, field: `apps.${h.app}.${h.field}`, hostname: h.hostname })),
  );
  return groupedDuplicates(uses, (u) => u.hostname).flatMap((group) =>
    group.map((use) => ({
      file: use.file,
      field: use.field,
      message: `"${use.hostname}" is also used by ${group
        .filter((other) => other !== use)
        .map((other) => `${other.file} (${other.field})`)
        .join(", ")}; every app needs a hostname of its own`,
    })),
  );
}

/** A Matrix server name is the identity of every account on it: two tenants can never share one. */
export function duplicateMatrixServerNameProblems(tenants: readonly LoadedTenant[]): Problem[] {
  const servers = tenants.flatMap(({ file, tenant }) => {
    const matrix = tenant.apps.matrix;
    // The Synapse hostname always exists when Matrix is enabled; it is the default server name.
    return matrix === undefined ? [] : [{ file, serverName: matrix.serverName ?? hostnameOf(tenant, "matrix")! }];
  });
  return groupedDuplicates(servers, (s) => s.serverName).flatMap((group) =>
    group.map((server) => ({
      file: server.file,
      field: "apps.matrix.serverName",
      message: `"${server.serverName}" is also the Matrix server name of ${group
        .filter((other) => other !== server)
        .map((other) => other.file)
        .join(", ")}; each organisation's Matrix server needs a name of its own`,
    })),
  );
}

export function clusterProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  const known = Object.keys(fleet.clusters).sort();
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const cluster = fleet.clusters[tenant.cluster];
    if (cluster === undefined) {
      const guess = closestName(tenant.cluster, known);
      return [{
        file,
        field: "cluster",
        message: `"${tenant.cluster}" is not a cluster of ${fleetFile}${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; use ${listAlternatives(known)}`,
      }];
    }
    if (tenant.plan.kind === "dedicated" && cluster.origin.kind === "adopted") {
      return [{
        file,
        field: "plan",
        message: `"${tenant.cluster}" is adopted, and jardin cannot add machines to it; use plan { kind: "shared" } or a cluster jardin creates`,
      }];
    }
    return [];
  });
}

function groupedDuplicates<T>(items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return [...groups.values()].filter((group) => group.length > 1);
}
