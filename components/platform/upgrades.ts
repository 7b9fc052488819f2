import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { PLATFORM_LABELS } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { apiEgress, DNS_EGRESS, egressFor, namespacePolicies, type ClusterNetwork } from "./network-policies";

/**
 * system-upgrade-controller, pinned. Upstream publishes no chart of its own (Rancher's is built
 * for Rancher), so jardin applies the release's manifests: the CRD, then the controller with its
 * namespace. https://github.com/rancher/system-upgrade-controller/blob/v0.20.1/README.md#deploying
 */
export const SYSTEM_UPGRADE_CONTROLLER = {
  version: "v0.20.1",
  crds: "https://github.com/rancher/system-upgrade-controller/releases/download/v0.20.1/crd.yaml",
  controller: "https://github.com/rancher/system-upgrade-controller/releases/download/v0.20.1/system-upgrade-controller.yaml",
} as const;

export const SYSTEM_UPGRADE_NAMESPACE = PLATFORM_NAMESPACES.systemUpgrade;

/** k3s's upgrade image; the Plan's `version` is its tag. https://docs.k3s.io/upgrades/automated */
const K3S_UPGRADE_IMAGE = "rancher/k3s-upgrade";

export interface UpgradesArgs {
  /** The fleet file's pinned k3s release: changing it there upgrades the cluster, node by node. */
  readonly k3sVersion: string;
  readonly network: ClusterNetwork;
}

/**
 * Two Plans, as k3s documents them: servers one at a time (etcd keeps quorum), then agents one at
 * a time, drained, each waiting for the servers (`prepare`).
 */
export function upgrades(name: string, args: UpgradesArgs, opts: pulumi.CustomResourceOptions): readonly pulumi.Resource[] {
  const crds = new k8s.yaml.v2.ConfigFile(`${name}-upgrade-crds`, { file: SYSTEM_UPGRADE_CONTROLLER.crds }, opts);
  const controller = new k8s.yaml.v2.ConfigFile(
    `${name}-upgrade-controller`,
    { file: SYSTEM_UPGRADE_CONTROLLER.controller },
    { ...opts, dependsOn: [crds] },
  );
  // The controller talks to the API only. Its upgrade Jobs run on the host's network (they replace
  // k3s itself), where NetworkPolicies do not apply.
  namespacePolicies(
    `${name}-system-upgrade`,
    SYSTEM_UPGRADE_NAMESPACE,
    { dns: egressFor({}, DNS_EGRESS), api: egressFor({}, apiEgress(args.network)) },
    PLATFORM_LABELS,
    { ...opts, dependsOn: [controller] },
  );
  const plan = (key: "server" | "agent", spec: Record<string, unknown>) =>
    new k8s.apiextensions.CustomResource(
      `${name}-upgrade-${key}`,
      {
        apiVersion: "upgrade.cattle.io/v1",
        kind: "Plan",
        metadata: { name: `k3s-${key}`, namespace: SYSTEM_UPGRADE_NAMESPACE, labels: PLATFORM_LABELS },
        spec: {
          version: args.k3sVersion,
          concurrency: 1,
          serviceAccountName: "system-upgrade",
          // Dedicated pools are tainted for their tenant; their nodes are upgraded all the same.
          tolerations: [{ operator: "Exists" }],
          upgrade: { image: K3S_UPGRADE_IMAGE },
          ...spec,
        },
      },
      { ...opts, dependsOn: [controller] },
    );
  // https://github.com/rancher/system-upgrade-controller/blob/v0.20.1/examples/k3s-upgrade.yaml
  const server = plan("server", {
    nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }] },
    cordon: true,
  });
  const agent = plan("agent", {
    nodeSelector: { matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }] },
    prepare: { image: K3S_UPGRADE_IMAGE, args: ["prepare", "k3s-server"] },
    // Honour PodDisruptionBudgets for a minute per pod, then move on.
    drain: { force: true, skipWaitForDeleteTimeout: 60 },
  });
  return [server, agent];
}
