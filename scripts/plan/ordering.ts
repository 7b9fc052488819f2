import { HTTPS_READY_TYPE } from "../../components/readiness/https-ready";
import type { Snapshot, SnapshotResource } from "./snapshot";

/**
 * The order a first `pulumi up` needs, read from the plan's recorded dependencies: the engine
 * creates a resource only after its `dependencies` and its provider, and a provider only after its
 * own dependencies, so "waits for" is reachability over those edges.
 *
 * - every resource on a created cluster's Kubernetes provider waits for that cluster's API
 *   readiness gate (pulumi-kubernetes gives up on a cluster that does not answer at Configure);
 * - every Keycloak resource waits for the readiness gate of the Keycloak its provider logs in to
 *   (the provider logs in once, on its first call, without retrying);
 * - on a created cluster, every chart, manifest and workload that runs pods waits for the Hetzner
 *   cloud controller (nodes stay tainted `uninitialized` until it runs).
 *
 * Returns one line per broken rule, naming the resource and what it should wait for.
 */
export function orderingProblems(snapshot: Snapshot): string[] {
  const graph = new WaitGraph(snapshot.resources);
  const problems: string[] = [];
  const report = (resources: readonly SnapshotResource[], gate: string, why: string) => {
    const after = graph.waitingFor(gate);
    for (const r of resources) if (r.urn !== gate && !after.has(r.urn)) problems.push(`${r.urn} does not wait for ${gate}: ${why}`);
  };

  for (const provider of snapshot.resources.filter(isCreatedClusterProvider)) {
    const onCluster = snapshot.resources.filter((r) => r.provider === provider.urn);
    const gate = snapshot.resources.find((r) => r.type === HTTPS_READY_TYPE && r.parent === provider.parent);
    if (gate === undefined) {
      problems.push(`${provider.urn} has no readiness gate beside it: its cluster's API must answer before the provider is configured`);
    } else {
      report([provider, ...onCluster], gate.urn, "a created cluster's API must answer before anything is deployed on it");
    }
    const charts = onCluster.filter((r) => POD_RUNNING_TYPES.includes(r.type));
    const controller = charts.find((r) => r.inputs["chart"] === CLOUD_CONTROLLER_CHART);
    if (controller === undefined) {
      if (charts.length > 0) problems.push(`${provider.urn}: no ${CLOUD_CONTROLLER_CHART} release, yet charts run pods on its nodes`);
    } else {
      report(charts, controller.urn, "nodes keep the uninitialized taint, and take no pod, until the cloud controller runs");
    }
  }

  const keycloakProviders = snapshot.resources.filter((r) => r.type === "pulumi:providers:keycloak");
  for (const provider of keycloakProviders) {
    const url = provider.inputs["url"];
    const gates = snapshot.resources.filter((r) => r.type === HTTPS_READY_TYPE && typeof url === "string" && String(r.inputs["url"]).startsWith(`${url}/`));
    const onKeycloak = snapshot.resources.filter((r) => r.provider === provider.urn);
    if (gates.length === 0) {
      problems.push(`${provider.urn} has no readiness gate for ${String(url)}: Keycloak must answer there before the provider's first call`);
      continue;
    }
    const ready = new Set(gates.flatMap((gate) => [...graph.waitingFor(gate.urn)]));
    for (const r of [provider, ...onKeycloak]) {
      if (!ready.has(r.urn)) problems.push(`${r.urn} does not wait for ${gates.map((g) => g.urn).join(" or ")}: the Keycloak provider logs in once, on its first call, and does not retry`);
    }
  }
  const stray = snapshot.resources.filter((r) => r.type.startsWith("keycloak:") && !keycloakProviders.some((p) => p.urn === r.provider));
  for (const r of stray) problems.push(`${r.urn} has no explicit Keycloak provider, so nothing orders it after Keycloak's readiness gate`);
  return problems;
}

/** The plan's message when the order is broken, with every problem; undefined when it holds. */
export function orderingFailure(snapshot: Snapshot): string | undefined {
  const problems = orderingProblems(snapshot);
  if (problems.length === 0) return undefined;
  return `jardin: ${problems.length} ordering problem${problems.length === 1 ? "" : "s"}; a first pulumi up would create these too early:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** The chart whose release initializes a created cluster's nodes. */
const CLOUD_CONTROLLER_CHART = "hcloud-cloud-controller-manager";

/** What runs pods: Helm releases, YAML files and groups (k3s upgrades), workloads and PostgreSQL clusters. */
const POD_RUNNING_TYPES: readonly string[] = [
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:apps/v1:Deployment",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:apps/v1:DaemonSet",
  "kubernetes:batch/v1:Job",
  "kubernetes:batch/v1:CronJob",
  "kubernetes:postgresql.cnpg.io/v1:Cluster",
];

/** A created cluster's Kubernetes provider: a child of a K3sCluster component. */
function isCreatedClusterProvider(r: SnapshotResource): boolean {
  return r.type === "pulumi:providers:kubernetes" && (r.parent ?? "").split("::")[2] === "jardin:cluster:K3sCluster";
}

/** Who waits for whom: edges from a resource to its dependencies and its provider. */
class WaitGraph {
  /** For each URN, the resources that wait for it directly. */
  private readonly waiters = new Map<string, string[]>();

  constructor(resources: readonly SnapshotResource[]) {
    for (const r of resources) {
      for (const target of [...r.dependencies, ...(r.provider === null ? [] : [r.provider])]) {
        const list = this.waiters.get(target);
        if (list === undefined) this.waiters.set(target, [r.urn]);
        else list.push(r.urn);
      }
    }
  }

  /** Every resource created only after `urn`, directly or through others. */
  waitingFor(urn: string): Set<string> {
    const seen = new Set<string>();
    const queue = [urn];
    while (queue.length > 0) {
      for (const next of this.waiters.get(queue.pop()!) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }
}
