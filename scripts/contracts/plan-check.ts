import type { PinnedChart } from "../../components/platform/charts";
import { withoutPlaceholders } from "../plan/placeholders";
import type { SnapshotResource } from "../plan/snapshot";
import { customResourceProblems } from "./check-custom-resource";
import { valuesProblems } from "./check-values";
import { findCrd, loadChartContract, loadCrdContracts } from "./contracts";
import { CHART_SOURCES, chartContractDir, CRD_SOURCES, refreshCommand } from "./sources";

const RELEASE = "kubernetes:helm.sh/v3:Release";

/**
 * A custom resource is a Kubernetes object whose API group is neither core nor one of Kubernetes'
 * own (`*.k8s.io`): `kubernetes:postgresql.cnpg.io/v1:Cluster`. Pulumi's own components
 * (`yaml/v2:ConfigFile`, `helm.sh/v3:Release`) are not objects of the cluster.
 */
export function isCustomResource(type: string): boolean {
  const match = /^kubernetes:([^/]+)\/[^:]+:\w+$/.exec(type);
  if (match === null) return false;
  const group = match[1]!;
  return group.includes(".") && !group.endsWith(".k8s.io") && group !== "helm.sh";
}

export interface PlanContractCheck {
  /** What was checked, so a check that finds nothing to check is seen. */
  readonly releases: readonly string[];
  readonly customResources: readonly string[];
  readonly problems: readonly string[];
}

/** Every Helm release and custom resource of a plan against the upstream contracts kept in the repository. */
export function planContractProblems(rootDir: string, resources: readonly SnapshotResource[]): PlanContractCheck {
  const crdSets = loadCrdContracts(rootDir);
  const releases: string[] = [];
  const customResources: string[] = [];
  const problems: string[] = [];
  for (const resource of resources) {
    if (resource.type === RELEASE) {
      releases.push(resource.urn);
      problems.push(...releaseProblems(rootDir, resource));
    } else if (isCustomResource(resource.type)) {
      customResources.push(resource.urn);
      const apiVersion = String(resource.inputs["apiVersion"]);
      const kind = String(resource.inputs["kind"]);
      const found = findCrd(crdSets, apiVersion, kind);
      if (found === undefined) {
        problems.push(`${resource.urn}: no CRD contract for ${apiVersion} ${kind}: add its CRD to CRD_SOURCES (scripts/contracts/sources.ts) and run ${refreshCommand(CRD_SOURCES.map((s) => s.repository))}`);
        continue;
      }
      const dropped = new Set<string>();
      const object = withoutPlaceholders(resource.inputs, "", dropped) as Record<string, unknown>;
      const label = `${resource.urn} (${apiVersion} ${kind}, ${found.set.source.repository} ${found.set.source.tag})`;
      problems.push(...customResourceProblems(found.schema, object, label, dropped));
    }
  }
  return { releases, customResources, problems };
}

function releaseProblems(rootDir: string, resource: SnapshotResource): string[] {
  const chart = String(resource.inputs["chart"]);
  const version = String(resource.inputs["version"]);
  const pinned: PinnedChart = { chart, version, repo: String((resource.inputs["repositoryOpts"] as { repo?: unknown } | undefined)?.repo) };
  const contract = loadChartContract(rootDir, pinned);
  if (contract === undefined) {
    const source = CHART_SOURCES.find((s) => s.pinned.chart === chart);
    const how = source === undefined ? `add the chart to CHART_SOURCES (scripts/contracts/sources.ts) and run ${refreshCommand([])}` : `run ${refreshCommand([source.repository])}`;
    return [`${resource.urn}: no contract for chart ${chart} ${version} (${chartContractDir(pinned)}/): ${how}`];
  }
  const dropped = new Set<string>();
  const values = withoutPlaceholders(resource.inputs["values"] ?? {}, "", dropped);
  return valuesProblems(contract, values, dropped).map((problem) => `${resource.urn}: ${problem}`);
}
