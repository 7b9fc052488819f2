import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { CHARTS, chartRelease } from "./charts";
import { loadCrdManifest } from "./crd-manifest";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { apiEgress, DNS_EGRESS, egressFor, namespacePolicies, type ClusterNetwork } from "./network-policies";

export const K8UP_NAMESPACE = PLATFORM_NAMESPACES.k8up;

/**
 * k8up's CRDs at the pinned chart's tag (k8up-io/k8up k8up-4.9.0 charts/k8up/crds/, the same files
 * as the operator's config/crd at v2.15.0), kept in the repository by `npm run contracts:refresh`.
 */
export const K8UP_CRDS_MANIFEST = "components/platform/upstream/k8up-crds.json";

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
 * The operator of one cluster, with its CRDs. It backs up only the claims annotated
 * `k8up.io/backup: "true"` (the workload block's claims): database volumes are CloudNativePG's to
 * back up, consistently.
 */
export function k8upOperator(name: string, network: ClusterNetwork, opts: pulumi.CustomResourceOptions, crdOpts: pulumi.CustomResourceOptions): k8s.helm.v3.Release {
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
  const crds = k8upCrds(name, crdOpts);
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
      // The chart's crds/ are applied below instead, so that an upgrade of k8up upgrades them.
      skipCrds: true,
    },
    // The operator watches its kinds from its start: their CRDs come first.
    { ...opts, dependsOn: [namespace, ...crds] },
  );
}

/**
 * k8up's CRDs as Kubernetes resources, so that bumping the chart (and refreshing the manifest with
 * it) upgrades them: Helm installs a chart's `crds/` on the first install only and never upgrades
 * them (https://helm.sh/docs/chart_best_practices/custom_resource_definitions/), and k8up 4.9.0's
 * chart has no other way to install them.
 *
 * A Patch, server-side applied with `pulumi.com/patchForce`, rather than a plain resource: since
 * pulumi-kubernetes 4.29 a plain resource's create fails with AlreadyExists on a cluster where an
 * earlier Helm install left these CRDs (its 4.29.0 release notes point at Patch resources for that); the
 * apply takes their fields over from Helm, or creates them on a new cluster. Deleting a Patch only
 * gives its fields up: the CRDs, and every tenant's Schedule with them, stay.
 * https://www.pulumi.com/registry/packages/kubernetes/how-to-guides/managing-resources-with-server-side-apply/
 */
function k8upCrds(name: string, opts: pulumi.CustomResourceOptions): k8s.apiextensions.v1.CustomResourceDefinitionPatch[] {
  const manifest = loadCrdManifest(join(__dirname, "..", "..", K8UP_CRDS_MANIFEST), CHARTS.k8up.version, "components/platform/charts.ts (CHARTS.k8up)");
  return manifest.crds.map(
    (crd) =>
      new k8s.apiextensions.v1.CustomResourceDefinitionPatch(
        `${name}-k8up-crd-${crd.spec.names.plural}`,
        {
          metadata: { ...crd.metadata, annotations: { ...crd.metadata.annotations, "pulumi.com/patchForce": "true" } },
          spec: crd.spec as k8s.types.input.apiextensions.v1.CustomResourceDefinitionSpecPatch,
        },
        opts,
      ),
  );
}
