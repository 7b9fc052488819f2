import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { apiEgress, DNS_EGRESS, egressFor, namespacePolicies, type ClusterNetwork } from "./network-policies";

export const K8UP_NAMESPACE = PLATFORM_NAMESPACES.k8up;

/** The keys of the chart's values.yaml jardin sets. */
export interface K8upValues {
  // https://github.com/k8up-io/k8up/blob/k8up-4.9.0/charts/k8up/values.yaml
  readonly k8up: { readonly skipWithoutAnnotation: boolean; readonly timezone: string };
  readonly podSecurityContext: { readonly runAsNonRoot: boolean; readonly seccompProfile: { readonly type: "RuntimeDefault" } };
  readonly securityContext: {
    readonly allowPrivilegeEscalation: boolean;
    readonly readOnlyRootFilesystem: boolean;
    readonly capabilities: { readonly drop: readonly string[] };
  };
  readonly resources: {
    readonly requests: { readonly cpu: string; readonly memory: string };
    readonly limits: { readonly memory: string };
  };
}

/**
 * Volume backups: k8up rather than Velero's file-system backup. k8up's `Schedule` is a namespaced
 * object, so each tenant gets its own schedule, retention, restic repository and password, in its
 * own namespace and bucket prefix; Velero's is cluster-wide (its node agent a privileged DaemonSet
 * reading every pod's volumes), heavier, and its schedules live in Velero's namespace.
 *
 * The operator of one cluster, with its CRDs (the chart's `crds/`). It backs up only the claims
 * annotated `k8up.io/backup: "true"` (the workload block's claims): database volumes are
 * CloudNativePG's to back up, consistently.
 */
export function k8upOperator(name: string, network: ClusterNetwork, opts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
  // The operator runs as non-root with capabilities dropped (set below): restricted fits.
  const namespace = platformNamespace(`${name}-k8up-namespace`, K8UP_NAMESPACE, "restricted", opts);
  // The operator only talks to the API: backup pods run in the tenants' namespaces, under theirs.
  namespacePolicies(
    `${name}-k8up`,
    namespace.metadata.name,
    { dns: egressFor({}, DNS_EGRESS), api: egressFor({}, apiEgress(network)) },
    PLATFORM_LABELS,
    { ...opts, dependsOn: [namespace] },
  );
  return chartRelease<K8upValues>(
    `${name}-k8up`,
    {
      chart: CHARTS.k8up,
      namespace: namespace.metadata.name,
      values: {
        k8up: { skipWithoutAnnotation: true, timezone: "Etc/UTC" },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
    },
    { ...opts, dependsOn: [namespace] },
  );
}
