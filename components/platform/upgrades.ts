import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as k8s from "@pulumi/kubernetes";
import { parseAllDocuments } from "yaml";
import type * as pulumi from "@pulumi/pulumi";
import { PLATFORM_LABELS } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { apiEgress, DNS_EGRESS, egressFor, namespacePolicies, type ClusterNetwork } from "./network-policies";

/**
 * system-upgrade-controller, pinned. Upstream publishes no chart of its own (Rancher's is built
 * for Rancher), and its release assets (`crd.yaml`, `system-upgrade-controller.yaml`) come with
 * no checksum jardin could pin beside a URL the provider would fetch at apply time. So jardin
 * applies the sources those assets are built from, kept in the repository
 * (`upstream/system-upgrade-controller-<version>/`, each file's git blob id at the tag recorded
 * below and checked by a test), the way the release builds them: `scripts/package-controller` at
 * v0.20.1 writes `crd.yaml` as the one CRD file and `system-upgrade-controller.yaml` as
 * `kustomize build` of `kustomization.yaml` (the three manifests, namespace `system-upgrade`, the
 * controller's image set to the release's tag).
 * https://github.com/rancher/system-upgrade-controller/blob/v0.20.1/README.md#deploying
 */
export const SYSTEM_UPGRADE_CONTROLLER = {
  version: "v0.20.1",
  image: "rancher/system-upgrade-controller:v0.20.1",
  /** Files of the tag, with their git blob ids there (`git rev-parse v0.20.1:<path>`). */
  crds: [{ file: "upgrade.cattle.io_plans.yaml", upstream: "pkg/crds/yaml/generated/upgrade.cattle.io_plans.yaml", gitBlob: "d6f99c924fd942990319278abe28d040f3ebf751" }],
  controller: [
    { file: "clusterrole.yaml", upstream: "manifests/clusterrole.yaml", gitBlob: "1accfc76075ed98d48e12a1dd69b3c5806443230" },
    { file: "clusterrolebinding.yaml", upstream: "manifests/clusterrolebinding.yaml", gitBlob: "8a74335ea1b2f85dba8f450d4cf9013d9f997a21" },
    { file: "system-upgrade-controller.yaml", upstream: "manifests/system-upgrade-controller.yaml", gitBlob: "df8b10972974bc3aca55504e20074008f45e3715" },
  ],
} as const;

/** Where the kept files are. */
export const SYSTEM_UPGRADE_CONTROLLER_DIR = join(__dirname, "upstream", `system-upgrade-controller-${SYSTEM_UPGRADE_CONTROLLER.version}`);

type KeptFile = { readonly file: string };

/** The kept files' objects, in order. */
function objectsOf(files: readonly KeptFile[]): Record<string, unknown>[] {
  return files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(SYSTEM_UPGRADE_CONTROLLER_DIR, f.file), "utf8"))
      .map((doc) => doc.toJS() as Record<string, unknown> | null)
      .filter((o): o is Record<string, unknown> => o !== null),
  );
}

/** Kinds of the manifests that live in a namespace (kustomize puts them in `system-upgrade`). */
const NAMESPACED_KINDS = new Set(["ServiceAccount", "ConfigMap", "Deployment", "Role", "RoleBinding"]);

/**
 * What `kustomize build` of the tag's kustomization.yaml gives (the release's asset), done on the
 * kept manifests: every namespaced object and every ServiceAccount subject of a binding in
 * `system-upgrade` (kustomize's namespace transformer), the controller's image at the release.
 */
export function systemUpgradeControllerObjects(): Record<string, unknown>[] {
  return objectsOf(SYSTEM_UPGRADE_CONTROLLER.controller).map((object) => {
    const kind = object["kind"] as string;
    const metadata = { ...(object["metadata"] as Record<string, unknown>) };
    if (NAMESPACED_KINDS.has(kind)) metadata["namespace"] = SYSTEM_UPGRADE_NAMESPACE;
    const result: Record<string, unknown> = { ...object, metadata };
    if (Array.isArray(object["subjects"])) {
      result["subjects"] = (object["subjects"] as Record<string, unknown>[]).map((s) => (s["kind"] === "ServiceAccount" ? { ...s, namespace: SYSTEM_UPGRADE_NAMESPACE } : s));
    }
    if (kind === "Deployment") {
      const spec = object["spec"] as { template: { spec: { containers: Record<string, unknown>[] } } };
      const containers = spec.template.spec.containers.map((c) =>
        typeof c["image"] === "string" && c["image"].startsWith("rancher/system-upgrade-controller:") ? { ...c, image: SYSTEM_UPGRADE_CONTROLLER.image } : c,
      );
      result["spec"] = { ...spec, template: { ...spec.template, spec: { ...spec.template.spec, containers } } };
    }
    return result;
  });
}

/** The release's `crd.yaml`: the tag's one CRD file, as it is. */
export function systemUpgradeCrdObjects(): Record<string, unknown>[] {
  return objectsOf(SYSTEM_UPGRADE_CONTROLLER.crds);
}

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
  // Formerly ConfigFiles of the release's URLs: the alias keeps their objects' URNs.
  const wasConfigFile = [{ type: "kubernetes:yaml/v2:ConfigFile" }];
  const crds = new k8s.yaml.v2.ConfigGroup(`${name}-upgrade-crds`, { objs: systemUpgradeCrdObjects() }, { ...opts, aliases: wasConfigFile });
  const controller = new k8s.yaml.v2.ConfigGroup(
    `${name}-upgrade-controller`,
    { objs: systemUpgradeControllerObjects() },
    { ...opts, dependsOn: [crds], aliases: wasConfigFile },
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
