import { ownerKey, ownersOf, type Owner } from "./owners";
import { groupBy } from "../../model/group-by";
import type { PlanOutputs } from "./record";
import type { Snapshot, SnapshotResource } from "./snapshot";

const WIDTH = 76;

/**
 * The plan as a reviewer reads it: per cluster, what its gardeners must do by hand, then per
 * tenant on it, resource counts by type, and the total.
 */
export function formatSummary(snapshot: Snapshot, outputs: PlanOutputs): string {
  const owners = ownersOf(snapshot);
  const byOwner = groupBy(snapshot.resources, (resource) => ownerKey(owners.get(resource.urn)!));
  const resourcesOf = (owner: Owner) => byOwner.get(ownerKey(owner)) ?? [];
  const appOf = appsOf(snapshot);

  const lines = [`jardin plan · stack ${snapshot.stack} · offline (the program under Pulumi mocks: no cloud, no credentials)`, ""];
  const fleetResources = resourcesOf({ kind: "fleet" });
  if (fleetResources.length > 0) lines.push(...block("fleet", fleetResources, 0));

  const tenantsByCluster = groupBy(
    Object.entries(outputs.tenants).sort(([a], [b]) => a.localeCompare(b)),
    ([, tenant]) => tenant.cluster,
  );
  for (const [name, cluster] of Object.entries(outputs.clusters).sort(([a], [b]) => a.localeCompare(b))) {
    const tenants = tenantsByCluster.get(name) ?? [];
    const clusterResources = resourcesOf({ kind: "cluster", name });
    const tenantResources = tenants.map(([id]) => resourcesOf({ kind: "tenant", id }));
    const retiring = cluster.status === "retiring" ? `, retiring: ${tenants.length} tenant${tenants.length === 1 ? "" : "s"} still to move` : "";
    lines.push(row(`cluster ${name} (${cluster.origin}${retiring})`, clusterResources.length + tenantResources.flat().length, 0));
    // What the program cannot do on a cluster it adopted: a reviewer sees it before applying.
    for (const step of outputs.byHand[name] ?? []) lines.push(`  by hand: ${step}`);
    lines.push(...counts(clusterResources, 1));
    tenants.forEach(([id, tenant], i) => lines.push(...tenantBlock(`tenant ${id} (${tenant.state}${tenant.move === undefined ? "" : `, moving from ${tenant.move.from}: ${tenant.move.phase}`})`, tenantResources[i]!, appOf)));
    lines.push("");
  }
  lines.push(row("total", snapshot.resources.length, 0, "resources"));
  return lines.join("\n");
}

/** The resources of the tenant itself (namespace, realm, isolation) are listed first. */
const TENANT_OWN = "(tenant)";

/** A tenant's resources by app, then by type: a reviewer sees what each app costs. */
function tenantBlock(title: string, resources: readonly SnapshotResource[], appOf: (r: SnapshotResource) => string): string[] {
  const byApp = groupBy(resources, appOf);
  const apps = [...byApp.keys()].sort((a, b) => (a === TENANT_OWN ? -1 : b === TENANT_OWN ? 1 : a.localeCompare(b)));
  return [row(title, resources.length, 1), ...apps.flatMap((app) => block(app, byApp.get(app)!, 2))];
}

/**
 * The app a resource belongs to: its nearest `jardin:apps:<App>` ancestor (itself included), else
 * its `app.kubernetes.io/name` label, else the tenant's own.
 */
function appsOf(snapshot: Snapshot): (resource: SnapshotResource) => string {
  const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
  return function appOf(resource: SnapshotResource): string {
    if (resource.type.startsWith("jardin:apps:")) return resource.type.slice("jardin:apps:".length).toLowerCase();
    const parent = resource.parent === null ? undefined : byUrn.get(resource.parent);
    if (parent !== undefined && parent.type.startsWith("jardin:apps:")) return appOf(parent);
    const labels = (resource.inputs["metadata"] as { labels?: Record<string, unknown> } | undefined)?.labels;
    const label = labels?.["app.kubernetes.io/name"];
    return typeof label === "string" ? label : TENANT_OWN;
  };
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
