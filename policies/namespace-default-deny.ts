import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { LABELS } from "../model/contract/tenant-labels";
import { groupBy } from "../model/group-by";
import { metadataOf } from "./lib/kubernetes";
import { isDefaultDeny } from "./lib/network-policy";
import { clusterOf, NAMESPACE_TYPE } from "./lib/stack";

const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** The namespace a resource lives in: its metadata's, or the one a Helm release installs into. */
function namespaceOf(resource: PolicyResource): string | undefined {
  if (resource.type === NAMESPACE_TYPE) return metadataOf(resource.props).name ?? resource.name;
  if (resource.type === RELEASE_TYPE) {
    const namespace = resource.props["namespace"];
    return typeof namespace === "string" ? namespace : undefined;
  }
  return resource.type.startsWith("kubernetes:") ? metadataOf(resource.props).namespace : undefined;
}

/**
 * Every namespace the stack creates or puts anything in, platform ones included (kube-system,
 * where the Hetzner drivers' releases go; system-upgrade, where the upgrade Plans are), has a
 * default-deny NetworkPolicy: a pod taken over there reaches nothing it was not given. Tenants'
 * namespaces are tenant-isolation's, which asks the same and more of them.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export const namespaceDefaultDeny: StackValidationPolicy = {
  name: "namespace-default-deny",
  description:
    "Every namespace the stack creates or deploys into (a Namespace, a namespaced object's metadata.namespace, a Helm release's namespace), per cluster, has a default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules); tenants' namespaces are tenant-isolation's.",
  validateStack: (args, reportViolation) => {
    const tenantNamespaces = new Set(
      args.resources
        .filter((r) => r.type === NAMESPACE_TYPE && metadataOf(r.props).labels[LABELS.tenant] !== undefined)
        .map((r) => `${clusterOf(r)} ${metadataOf(r.props).name ?? r.name}`),
    );
    const byNamespace = groupBy(args.resources, (r) => {
      const namespace = namespaceOf(r);
      return namespace === undefined ? undefined : `${clusterOf(r)} ${namespace}`;
    });
    for (const [key, contents] of [...byNamespace.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      if (tenantNamespaces.has(key) || contents.some(isDefaultDeny)) continue;
      const first = contents.find((r) => r.type === NAMESPACE_TYPE) ?? [...contents].sort((a, b) => a.urn.localeCompare(b.urn))[0]!;
      const namespace = namespaceOf(first)!;
      reportViolation(
        `the namespace "${namespace}" has no default-deny NetworkPolicy; add one (podSelector: {}, policyTypes: [Ingress, Egress], no rules) and allow each of its pods' traffic in a policy of its own (components/platform/network-policies.ts namespacePolicies)`,
        first.urn,
      );
    }
  },
};
