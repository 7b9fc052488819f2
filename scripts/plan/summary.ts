import type { StackOutputs } from "../../stacks/program";
import { ownersOf, tenantClusters } from "./owners";
import type { Snapshot, SnapshotResource } from "./snapshot";

const WIDTH = 76;

/**
 * The plan as a reviewer reads it: per cluster, then per tenant on it, resource counts by type,
 * and the total.
 */
export function formatSummary(snapshot: Snapshot, outputs: StackOutputs): string {
  const owners = ownersOf(snapshot);
  const clusterOfTenant = tenantClusters(snapshot, owners);
  const resourcesOf = (kind: "cluster" | "tenant" | "fleet", key?: string) =>
    snapshot.resources.filter((r) => {
      const owner = owners.get(r.urn)!;
      return owner.kind === kind && (owner.kind === "cluster" ? owner.name : owner.kind === "tenant" ? owner.id : undefined) === key;
    });

  const lines = [`jardin plan · stack ${snapshot.stack} · offline (the program under Pulumi mocks: no cloud, no credentials)`, ""];
  const fleetResources = resourcesOf("fleet");
  if (fleetResources.length > 0) lines.push(...block("fleet", fleetResources, 0));

  for (const [name, cluster] of Object.entries(outputs.clusters).sort(([a], [b]) => a.localeCompare(b))) {
    const tenants = Object.entries(outputs.tenants)
      .filter(([id, t]) => (clusterOfTenant.get(id) ?? t.cluster) === name)
      .sort(([a], [b]) => a.localeCompare(b));
    const all = [...resourcesOf("cluster", name), ...tenants.flatMap(([id]) => resourcesOf("tenant", id))];
    const retiring = cluster.status === "retiring" ? `, retiring: ${tenants.length} tenant${tenants.length === 1 ? "" : "s"} still to move` : "";
    lines.push(row(`cluster ${name} (${cluster.origin}${retiring})`, all.length, 0));
    lines.push(...counts(resourcesOf("cluster", name), 1));
    for (const [id, tenant] of tenants) lines.push(...block(`tenant ${id} (${tenant.state})`, resourcesOf("tenant", id), 1));
    lines.push("");
  }
  lines.push(row("total", snapshot.resources.length, 0, "resources"));
  return lines.join("\n");
}

function block(title: string, resources: readonly SnapshotResource[], depth: number): string[] {
  return [row(title, resources.length, depth), ...counts(resources, depth + 1)];
}

function counts(resources: readonly SnapshotResource[], depth: number): string[] {
  const byType = new Map<string, number>();
  for (const r of resources) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  return [...byType.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => row(type, n, depth));
}

function row(label: string, count: number, depth: number, unit = ""): string {
  const left = `${"  ".repeat(depth)}${label}`;
  const right = `${count}${unit === "" ? "" : ` ${unit}`}`;
  return `${left.padEnd(WIDTH - right.length - 1)} ${right}`;
}
