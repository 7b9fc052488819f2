import { stringify } from "yaml";
import { isNewSide } from "../plan/gate/tenant-states";
import type { SnapshotResource } from "../plan/snapshot";

/**
 * What a gardener runs by hand around a move (README, "Move one from louise-michel to
 * ada-lovelace"), as bash scripts built from the plan: the plan is the inventory of the tenant's
 * workloads, databases and volume backups, so an app added later is covered without touching this.
 */

interface Meta {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

const meta = (r: SnapshotResource) => (r.inputs["metadata"] ?? {}) as Meta;
const ofType = (resources: readonly SnapshotResource[], tenant: string, type: string) =>
  resources.filter((r) => r.type === type && meta(r).namespace === tenant).sort((a, b) => (meta(a).name ?? "").localeCompare(meta(b).name ?? ""));

/** A `kubectl wait` on a k8up job object, then a check that it succeeded (Completed is true on failure too: api/v1/status.go at k8up-4.9.0). */
function k8upSucceeded(kind: "backup" | "restore", name: string, timeout: string): string[] {
  const object = `${kind}.k8up.io/${name}`;
  return [
    `kubectl -n "$ns" wait --for=condition=Completed ${object} --timeout=${timeout}`,
    `test "$(kubectl -n "$ns" get ${object} -o jsonpath='{.status.conditions[?(@.type=="Completed")].reason}')" = Succeeded \\`,
    `  || { echo "${object} did not succeed: kubectl -n $ns describe ${object}" >&2; exit 1; }`,
  ];
}

/**
 * On the cluster the tenant leaves, once its suspension is applied: checks that none of its apps
 * runs any more (every Deployment and StatefulSet rolled out to zero), takes one last backup of
 * every database (a CloudNativePG `Backup` through the barman-cloud plugin, whose end archives the
 * WAL holding the last write) and of the volumes (a k8up `Backup` with the schedule's backend and
 * pods), and waits until each has succeeded. The restores of the move then read every write.
 */
export function finalBackupScript(resources: readonly SnapshotResource[], tenant: string, cluster: string, date: string): string {
  const canonical = resources.filter((r) => !isNewSide(r.urn));
  const workloads = [
    ...ofType(canonical, tenant, "kubernetes:apps/v1:Deployment").map((r) => `deployment/${meta(r).name}`),
    ...ofType(canonical, tenant, "kubernetes:apps/v1:StatefulSet").map((r) => `statefulset/${meta(r).name}`),
  ];
  const databases = ofType(canonical, tenant, "kubernetes:postgresql.cnpg.io/v1:Cluster").map((r) => meta(r).name!);
  const schedule = ofType(canonical, tenant, "kubernetes:k8up.io/v1:Schedule")[0];
  const objects: Record<string, unknown>[] = databases.map((name) => ({
    apiVersion: "postgresql.cnpg.io/v1",
    kind: "Backup",
    metadata: { name: `${name}-move-${date}`, namespace: tenant },
    // https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/usage.md#performing-a-base-backup
    spec: { cluster: { name }, method: "plugin", pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" } },
  }));
  const volumeBackup = `volume-backups-move-${date}`;
  if (schedule !== undefined) {
    const spec = schedule.inputs["spec"] as Record<string, unknown>;
    // The schedule's own backend and pods: the same repository, password and PodConfig.
    // https://docs.k8up.io/k8up/how-tos/backup.html
    objects.push({
      apiVersion: "k8up.io/v1",
      kind: "Backup",
      metadata: { name: volumeBackup, namespace: tenant },
      spec: { backend: spec["backend"], podConfigRef: spec["podConfigRef"], podSecurityContext: spec["podSecurityContext"] },
    });
  }
  return [
    "#!/usr/bin/env bash",
    `# The last backups of ${tenant} on ${cluster} before its move (npm run move -- ${tenant} final-backup).`,
    `# Run with kubectl on ${cluster}, after the pull request that suspends ${tenant} is applied.`,
    "set -euo pipefail",
    `ns=${tenant}`,
    "",
    "# 1. None of its apps runs: each workload has rolled out to zero replicas.",
    ...workloads.map((w) => `kubectl -n "$ns" rollout status ${w} --timeout=10m`),
    `test "$(kubectl -n "$ns" get deployments,statefulsets -o jsonpath='{range .items[*]}{.status.replicas}{end}' | tr -d 0)" = "" \\`,
    `  || { echo "a workload of $ns still runs pods: is the suspension applied?" >&2; exit 1; }`,
    "",
    "# 2. The last backups, taken after the last write.",
    "kubectl apply -f - <<'YAML'",
    objects.map((o) => stringify(o).trimEnd()).join("\n---\n"),
    "YAML",
    "",
    "# 3. Each has succeeded.",
    ...databases.flatMap((name) => [
      `kubectl -n "$ns" wait --for=jsonpath='{.status.phase}'=completed backup.postgresql.cnpg.io/${name}-move-${date} --timeout=2h`,
    ]),
    ...(schedule === undefined ? [] : k8upSucceeded("backup", volumeBackup, "6h")),
    "",
    `echo "${tenant}: last backups taken on ${cluster}; declare the move (move: { from: \\"${cluster}\\", phase: \\"restore\\" })"`,
    "",
  ].join("\n");
}

/**
 * On the cluster the tenant goes to, while its move is in phase `restore`: waits until every
 * volume's restore has succeeded and every database has recovered and is ready (CloudNativePG's
 * `Ready` condition, api/v1/cluster_types.go at v1.30.0), then says to switch.
 */
export function restoreCheckScript(resources: readonly SnapshotResource[], tenant: string, cluster: string): string {
  const arriving = resources.filter((r) => isNewSide(r.urn));
  const restores = ofType(arriving, tenant, "kubernetes:k8up.io/v1:Restore").map((r) => meta(r).name!);
  const databases = ofType(arriving, tenant, "kubernetes:postgresql.cnpg.io/v1:Cluster").map((r) => meta(r).name!);
  return [
    "#!/usr/bin/env bash",
    `# The restores of ${tenant} on ${cluster} (npm run move -- ${tenant} check-restore).`,
    `# Run with kubectl on ${cluster}, after the pull request that declares the move in phase "restore" is applied.`,
    "set -euo pipefail",
    `ns=${tenant}`,
    "",
    "# 1. Every volume restored from its last snapshot.",
    ...restores.flatMap((name) => k8upSucceeded("restore", name, "12h")),
    "",
    "# 2. Every database recovered from its backups and promoted.",
    ...databases.map((name) => `kubectl -n "$ns" wait --for=condition=Ready cluster.postgresql.cnpg.io/${name} --timeout=12h`),
    "",
    `echo "${tenant}: data restored on ${cluster}; check it, then switch (move phase: \\"switch\\")"`,
    "",
  ].join("\n");
}
