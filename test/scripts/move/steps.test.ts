import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { finalBackupScript, restoreCheckScript } from "../../../scripts/move/steps";
import { baselineTenant } from "../../helpers/declarations";
import { planWithTenants, prodPlan } from "../../helpers/plan";

/** bash's own parser: the script is valid shell. */
const parses = (script: string) => spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });

describe("npm run move", () => {
  it("takes the last backups of a suspended tenant where it runs: its apps stopped, every database and the volumes, each checked", async () => {
    const { snapshot } = await planWithTenants({
      "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel", state: "suspended", apps: { nextcloud: { storageGiB: 50 }, matrix: {} } }),
    });
    const script = finalBackupScript(snapshot.resources, "fede-educpop", "louise-michel", "2027-01-15");
    expect(parses(script).status).toBe(0);
    expect(script.split("\n")).toEqual([
      "#!/usr/bin/env bash",
      "# The last backups of fede-educpop on louise-michel before its move (npm run move -- fede-educpop final-backup).",
      "# Run with kubectl on louise-michel, after the pull request that suspends fede-educpop is applied.",
      "set -euo pipefail",
      "ns=fede-educpop",
      "",
      "# 1. None of its apps runs: each workload has rolled out to zero replicas.",
      'kubectl -n "$ns" rollout status deployment/matrix-element --timeout=10m',
      'kubectl -n "$ns" rollout status deployment/matrix-synapse --timeout=10m',
      'kubectl -n "$ns" rollout status deployment/nextcloud-office --timeout=10m',
      'kubectl -n "$ns" rollout status deployment/nextcloud-redis --timeout=10m',
      'kubectl -n "$ns" rollout status deployment/nextcloud-web --timeout=10m',
      `test "$(kubectl -n "$ns" get deployments,statefulsets -o jsonpath='{range .items[*]}{.status.replicas}{end}' | tr -d 0)" = "" \\`,
      '  || { echo "a workload of $ns still runs pods: is the suspension applied?" >&2; exit 1; }',
      "",
      "# 2. The last backups, taken after the last write.",
      "kubectl apply -f - <<'YAML'",
      "apiVersion: postgresql.cnpg.io/v1",
      "kind: Backup",
      "metadata:",
      "  name: matrix-db-move-2027-01-15",
      "  namespace: fede-educpop",
      "spec:",
      "  cluster:",
      "    name: matrix-db",
      "  method: plugin",
      "  pluginConfiguration:",
      "    name: barman-cloud.cloudnative-pg.io",
      "---",
      "apiVersion: postgresql.cnpg.io/v1",
      "kind: Backup",
      "metadata:",
      "  name: nextcloud-db-move-2027-01-15",
      "  namespace: fede-educpop",
      "spec:",
      "  cluster:",
      "    name: nextcloud-db",
      "  method: plugin",
      "  pluginConfiguration:",
      "    name: barman-cloud.cloudnative-pg.io",
      "---",
      "apiVersion: k8up.io/v1",
      "kind: Backup",
      "metadata:",
      "  name: volume-backups-move-2027-01-15",
      "  namespace: fede-educpop",
      "spec:",
      "  backend:",
      "    repoPasswordSecretRef:",
      "      key: repo-password",
      "      name: volume-backups",
      "    s3:",
      "      accessKeyIDSecretRef:",
      "        key: access-key-id",
      "        name: volume-backups",
      "      bucket: jardin-prod-backups/fede-educpop/volumes",
      "      endpoint: https://hel1.your-objectstorage.com",
      "      secretAccessKeySecretRef:",
      "        key: secret-access-key",
      "        name: volume-backups",
      "  podConfigRef:",
      "    name: volume-backups",
      "  podSecurityContext:",
      "    runAsNonRoot: true",
      "    runAsUser: 65532",
      "    seccompProfile:",
      "      type: RuntimeDefault",
      "YAML",
      "",
      "# 3. Each has succeeded.",
      `kubectl -n "$ns" wait --for=jsonpath='{.status.phase}'=completed backup.postgresql.cnpg.io/matrix-db-move-2027-01-15 --timeout=2h`,
      `kubectl -n "$ns" wait --for=jsonpath='{.status.phase}'=completed backup.postgresql.cnpg.io/nextcloud-db-move-2027-01-15 --timeout=2h`,
      'kubectl -n "$ns" wait --for=condition=Completed backup.k8up.io/volume-backups-move-2027-01-15 --timeout=6h',
      `test "$(kubectl -n "$ns" get backup.k8up.io/volume-backups-move-2027-01-15 -o jsonpath='{.status.conditions[?(@.type=="Completed")].reason}')" = Succeeded \\`,
      '  || { echo "backup.k8up.io/volume-backups-move-2027-01-15 did not succeed: kubectl -n $ns describe backup.k8up.io/volume-backups-move-2027-01-15" >&2; exit 1; }',
      "",
      'echo "fede-educpop: last backups taken on louise-michel; declare the move (move: { from: \\"louise-michel\\", phase: \\"restore\\" })"',
      "",
    ]);
  });

  it("waits on the new cluster for every restore of the example move and every recovered database", () => {
    const script = restoreCheckScript(prodPlan().snapshot.resources, "amap-du-plateau", "ada-lovelace");
    expect(parses(script).status).toBe(0);
    expect(script).toContain('kubectl -n "$ns" wait --for=condition=Completed restore.k8up.io/restore-nextcloud-files --timeout=12h\n');
    expect(script).toContain('kubectl -n "$ns" wait --for=condition=Ready cluster.postgresql.cnpg.io/nextcloud-db --timeout=12h\n');
    // The old side's objects, in the same namespace name on the other cluster, are not waited for.
    expect(script.match(/cluster\.postgresql\.cnpg\.io\//g)).toHaveLength(1);
  });
});
