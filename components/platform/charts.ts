import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** A Helm chart pinned to one version, from its upstream repository. */
export interface PinnedChart {
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
}

/**
 * Every third-party chart the platform installs, pinned in one place: upgrading one is a reviewed
 * change of one line here, followed by `npm run contracts:refresh` for its repository: the tests
 * hold each release's values against its chart's contract at this version (test/contracts/charts/).
 * Versions read from each chart's Chart.yaml upstream, August 2026.
 */
export const CHARTS = {
  // https://github.com/hetznercloud/hcloud-cloud-controller-manager/blob/v1.35.0/chart/Chart.yaml
  cloudController: { chart: "hcloud-cloud-controller-manager", version: "1.35.0", repo: "https://charts.hetzner.cloud" },
  // https://github.com/hetznercloud/csi-driver/blob/v2.22.1/chart/Chart.yaml
  csiDriver: { chart: "hcloud-csi", version: "2.22.1", repo: "https://charts.hetzner.cloud" },
  // https://github.com/traefik/traefik-helm-chart/blob/v41.3.0/traefik/Chart.yaml (Traefik v3.7.11)
  traefik: { chart: "traefik", version: "41.3.0", repo: "https://traefik.github.io/charts" },
  // https://github.com/cert-manager/cert-manager/releases/tag/v1.21.1
  certManager: { chart: "cert-manager", version: "v1.21.1", repo: "https://charts.jetstack.io" },
  // https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.0/charts/cloudnative-pg/Chart.yaml (operator 1.30.0)
  cloudnativePg: { chart: "cloudnative-pg", version: "0.29.0", repo: "https://cloudnative-pg.github.io/charts" },
  // https://github.com/cloudnative-pg/charts/blob/plugin-barman-cloud-v0.7.0/charts/plugin-barman-cloud/Chart.yaml (plugin v0.13.0)
  barmanCloudPlugin: { chart: "plugin-barman-cloud", version: "0.7.0", repo: "https://cloudnative-pg.github.io/charts" },
  // https://github.com/k8up-io/k8up/blob/k8up-4.9.0/charts/k8up/Chart.yaml (operator v2.15.0)
  k8up: { chart: "k8up", version: "4.9.0", repo: "https://k8up-io.github.io/k8up" },
  // https://github.com/VictoriaMetrics/helm-charts/blob/victoria-metrics-operator-0.67.2/charts/victoria-metrics-operator/Chart.yaml (operator v0.74.0)
  vmOperator: { chart: "victoria-metrics-operator", version: "0.67.2", repo: "https://victoriametrics.github.io/helm-charts" },
  // https://github.com/prometheus-community/helm-charts/blob/kube-state-metrics-8.4.0/charts/kube-state-metrics/Chart.yaml (kube-state-metrics v2.20.0)
  kubeStateMetrics: { chart: "kube-state-metrics", version: "8.4.0", repo: "https://prometheus-community.github.io/helm-charts" },
} as const satisfies Readonly<Record<string, PinnedChart>>;

export interface ChartReleaseArgs<Values extends object> {
  readonly chart: PinnedChart;
  /** The namespace the release's objects go into; jardin creates it (or it is kube-system). */
  readonly namespace: pulumi.Input<string>;
  readonly values: Values;
  /** Leave the chart's `crds/` folder alone: jardin applies those CRDs itself (Helm installs them once and never upgrades them). @default false */
  readonly skipCrds?: boolean;
}

/**
 * A Helm release as a custom resource: its chart, version, repository and values are inputs the
 * plan, its diff and the policies see (a rendered chart would hide them in hundreds of objects).
 * The release name is the chart's name, so the objects it creates keep their upstream names.
 */
export function chartRelease<Values extends object>(
  name: string,
  args: ChartReleaseArgs<Values>,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    name,
    {
      name: args.chart.chart,
      chart: args.chart.chart,
      version: args.chart.version,
      repositoryOpts: { repo: args.chart.repo },
      namespace: args.namespace,
      values: args.values,
      ...(args.skipCrds === true ? { skipCrds: true } : {}),
      // A release that fails half-way is rolled back rather than left for the next run to trip on.
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 5,
    },
    opts,
  );
}
