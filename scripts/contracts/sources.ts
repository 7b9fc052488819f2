import { CHARTS, type PinnedChart } from "../../components/platform/charts";
import { K8UP_CRDS_MANIFEST } from "../../components/platform/k8up";
import { SYSTEM_UPGRADE_CONTROLLER } from "../../components/platform/upgrades";

/**
 * Where each upstream contract comes from: the repository, the tag of the version jardin pins (read
 * from the code that pins it, so a bump changes the tag) and the files at that tag. The refresh
 * script (scripts/contracts/refresh.ts) reads them from local checkouts; the tests read what it wrote
 * under test/contracts/.
 */

/** A Helm chart jardin installs: its values.yaml and, where it has one, values.schema.json. */
export interface ChartSource {
  readonly pinned: PinnedChart;
  /** GitHub `owner/name`. */
  readonly repository: string;
  readonly tag: string;
  /** The chart's folder in the repository at that tag. */
  readonly path: string;
  /** Where the version is pinned, for the error that asks for a refresh. */
  readonly pinnedIn: string;
  /**
   * Values the templates render whole in a way values-keys.ts does not follow (through a helper's
   * argument), each with the template that does it; checked against values.yaml at each refresh.
   */
  readonly alsoReadWhole?: readonly { readonly path: readonly string[]; readonly because: string }[];
  /** The repository's Chart.yaml carries a placeholder version, set when the chart is released. */
  readonly chartYamlVersionIsPlaceholder?: boolean;
}

/** Custom resource definitions installed with one pinned release. */
export interface CrdSource {
  /** Names the contract's folder with the version: `test/contracts/crds/<id>-<version>/`. */
  readonly id: string;
  readonly version: string;
  readonly repository: string;
  readonly tag: string;
  /** Files holding the CRDs at that tag (Helm template wrappers are allowed, see crd-file.ts). */
  readonly files: readonly string[];
  /** The kinds jardin creates objects of: their schemas are kept as contracts. */
  readonly kinds: readonly string[];
  readonly pinnedIn: string;
  /** Every CRD of these files is also written there, as jardin deploys them itself (k8up's). */
  readonly manifest?: string;
}

const chart = (key: keyof typeof CHARTS, repository: string, tag: (version: string) => string, path: string, extra: Partial<ChartSource> = {}): ChartSource => ({
  pinned: CHARTS[key],
  repository,
  tag: tag(CHARTS[key].version),
  path,
  pinnedIn: `components/platform/charts.ts (CHARTS.${key})`,
  ...extra,
});

export const CHART_SOURCES: readonly ChartSource[] = [
  chart("cloudController", "hetznercloud/hcloud-cloud-controller-manager", (v) => `v${v}`, "chart"),
  chart("csiDriver", "hetznercloud/csi-driver", (v) => `v${v}`, "chart"),
  chart("traefik", "traefik/traefik-helm-chart", (v) => `v${v}`, "traefik", {
    alsoReadWhole: [{ path: ["service", "spec"], because: "templates/_service.tpl:23: with .service.spec ... toYaml . (traefik.service-spec, given each Service of .Values.service)" }],
  }),
  chart("certManager", "cert-manager/cert-manager", (v) => v, "deploy/charts/cert-manager", { chartYamlVersionIsPlaceholder: true }),
  chart("cloudnativePg", "cloudnative-pg/charts", (v) => `cloudnative-pg-v${v}`, "charts/cloudnative-pg"),
  chart("barmanCloudPlugin", "cloudnative-pg/charts", (v) => `plugin-barman-cloud-v${v}`, "charts/plugin-barman-cloud"),
  chart("k8up", "k8up-io/k8up", (v) => `k8up-${v}`, "charts/k8up"),
  chart("vmOperator", "VictoriaMetrics/helm-charts", (v) => `victoria-metrics-operator-${v}`, "charts/victoria-metrics-operator", {
    alsoReadWhole: [
      {
        path: ["podSecurityContext"],
        because: "templates/server.yaml:42: include \"vm.securityContext\" (dict \"securityContext\" .Values.podSecurityContext): victoria-metrics-common 0.3.15 (Chart.lock) templates/_pod.tpl renders it whole but `enabled`",
      },
    ],
  }),
  chart("kubeStateMetrics", "prometheus-community/helm-charts", (v) => `kube-state-metrics-${v}`, "charts/kube-state-metrics"),
];

/** k8up's nine CRDs, as its chart ships them in `crds/` (the same files as the operator's config/crd). */
const K8UP_CRD_FILES = ["archives", "backups", "checks", "podconfigs", "prebackuppods", "prunes", "restores", "schedules", "snapshots"].map(
  (plural) => `charts/k8up/crds/k8up.io_${plural}.yaml`,
);


export const CRD_SOURCES: readonly CrdSource[] = [
  {
    id: "cert-manager",
    version: CHARTS.certManager.version,
    repository: "cert-manager/cert-manager",
    tag: CHARTS.certManager.version,
    files: ["deploy/charts/cert-manager/templates/crd-cert-manager.io_clusterissuers.yaml"],
    kinds: ["ClusterIssuer"],
    pinnedIn: "components/platform/charts.ts (CHARTS.certManager)",
  },
  {
    id: "cloudnative-pg",
    version: CHARTS.cloudnativePg.version,
    repository: "cloudnative-pg/charts",
    tag: `cloudnative-pg-v${CHARTS.cloudnativePg.version}`,
    files: ["charts/cloudnative-pg/templates/crds/crds.yaml"],
    kinds: ["Backup", "Cluster", "ScheduledBackup"],
    pinnedIn: "components/platform/charts.ts (CHARTS.cloudnativePg)",
  },
  {
    id: "plugin-barman-cloud",
    version: CHARTS.barmanCloudPlugin.version,
    repository: "cloudnative-pg/charts",
    tag: `plugin-barman-cloud-v${CHARTS.barmanCloudPlugin.version}`,
    files: ["charts/plugin-barman-cloud/templates/crds/crds.yaml"],
    kinds: ["ObjectStore"],
    pinnedIn: "components/platform/charts.ts (CHARTS.barmanCloudPlugin)",
  },
  {
    id: "k8up",
    version: CHARTS.k8up.version,
    repository: "k8up-io/k8up",
    tag: `k8up-${CHARTS.k8up.version}`,
    files: K8UP_CRD_FILES,
    kinds: ["Backup", "PodConfig", "Restore", "Schedule"],
    pinnedIn: "components/platform/charts.ts (CHARTS.k8up)",
    manifest: K8UP_CRDS_MANIFEST,
  },
  {
    // The chart installs them from its crds/ folder.
    id: "traefik",
    version: CHARTS.traefik.version,
    repository: "traefik/traefik-helm-chart",
    tag: `v${CHARTS.traefik.version}`,
    files: ["traefik/crds/traefik.io_middlewares.yaml"],
    kinds: ["Middleware"],
    pinnedIn: "components/platform/charts.ts (CHARTS.traefik)",
  },
  {
    // The chart renders its root crd.yaml (templates/crd.yaml, `crds.plain: false`), whose specs
    // keep unknown fields without a schema; this file of its crds subchart holds the same kinds
    // with their full schema, what the operator reads: objects are held against it.
    id: "victoria-metrics-operator",
    version: CHARTS.vmOperator.version,
    repository: "VictoriaMetrics/helm-charts",
    tag: `victoria-metrics-operator-${CHARTS.vmOperator.version}`,
    files: ["charts/victoria-metrics-operator/charts/crds/crds/crd.yaml"],
    kinds: ["VMAlert", "VMAlertmanager", "VMNodeScrape", "VMRule", "VMServiceScrape", "VMSingle"],
    pinnedIn: "components/platform/charts.ts (CHARTS.vmOperator)",
  },
  {
    // The release's crd.yaml is these files concatenated (scripts/package-controller at the tag).
    id: "system-upgrade-controller",
    version: SYSTEM_UPGRADE_CONTROLLER.version,
    repository: "rancher/system-upgrade-controller",
    tag: SYSTEM_UPGRADE_CONTROLLER.version,
    files: ["pkg/crds/yaml/generated/upgrade.cattle.io_plans.yaml"],
    kinds: ["Plan"],
    pinnedIn: "components/platform/upgrades.ts (SYSTEM_UPGRADE_CONTROLLER)",
  },
];

/** Where the contracts live, relative to the repository root. */
export const CONTRACTS_DIR = "test/contracts";

export function chartContractDir(pinned: PinnedChart): string {
  return `${CONTRACTS_DIR}/charts/${pinned.chart}-${pinned.version}`;
}

export function crdContractDir(source: Pick<CrdSource, "id" | "version">): string {
  return `${CONTRACTS_DIR}/crds/${source.id}-${source.version}`;
}

/** The command that brings the contracts back in line with the pinned versions. */
export function refreshCommand(repositories: readonly string[]): string {
  const args = [...new Set(repositories)].sort().map((r) => `${r}=<checkout of ${r}>`);
  return `npm run contracts:refresh -- ${args.length === 0 ? "<owner/name>=<checkout>" : args.join(" ")}`;
}
