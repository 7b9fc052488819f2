import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Volume backups: k8up rather than Velero's file-system backup. k8up's `Schedule` is a namespaced
 * object, so each tenant gets its own schedule, retention, restic repository and password, in its
 * own namespace and bucket prefix; Velero's is cluster-wide (its node agent a privileged DaemonSet
 * reading every pod's volumes), heavier, and its schedules live in Velero's namespace.
 * https://github.com/k8up-io/k8up/blob/k8up-4.9.0/charts/k8up/Chart.yaml (operator v2.15.0)
 */
export const K8UP_CHART = { chart: "k8up", version: "4.9.0", repo: "https://k8up-io.github.io/k8up" } as const;

/** The operator's namespace; reserved for the platform (model/tenant.ts). */
export const K8UP_NAMESPACE = "k8up";

/**
 * The k8up operator of one cluster, with its CRDs (the chart's `crds/`). It backs up only the
 * claims annotated `k8up.io/backup: "true"` (the workload block's claims): database volumes are
 * CloudNativePG's to back up, consistently.
 * https://github.com/k8up-io/k8up/blob/k8up-4.9.0/charts/k8up/values.yaml
 */
export function k8upOperator(name: string, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  const namespace = new k8s.core.v1.Namespace(
    `${name}-k8up-namespace`,
    {
      metadata: {
        name: K8UP_NAMESPACE,
        labels: { "app.kubernetes.io/part-of": "jardin", "pod-security.kubernetes.io/enforce": "restricted" },
      },
    },
    opts,
  );
  return new k8s.helm.v3.Release(
    `${name}-k8up`,
    {
      name: K8UP_CHART.chart,
      chart: K8UP_CHART.chart,
      version: K8UP_CHART.version,
      repositoryOpts: { repo: K8UP_CHART.repo },
      namespace: namespace.metadata.name,
      values: {
        k8up: { skipWithoutAnnotation: true, timezone: "Etc/UTC" },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 5,
    },
    { ...opts, dependsOn: [namespace] },
  );
}
