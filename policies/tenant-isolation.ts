import type { StackValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { LABELS, RESTRICTED_POD_SECURITY } from "../model/contract/tenant-labels";
import { parseSettings } from "./config";
import { metadataOf } from "./lib/kubernetes";
import { isDefaultDeny } from "./lib/network-policy";
import { matchesPattern } from "./lib/pattern";
import { tenantNamespaces } from "./lib/stack";

const settingsSchema = z.strictObject({
  /**
   * Tenant namespaces that enforce Pod Security's baseline profile instead of restricted, each
   * with its reason: an image that cannot run restricted gets a namespace of its own rather than
   * lowering the tenant's. `*` stands for any characters. @default []
   */
  baselineNamespaces: z.array(z.strictObject({ namespace: z.string().min(1), reason: z.string().trim().min(10) })).default([]),
});

const ENFORCE_LABEL = "pod-security.kubernetes.io/enforce";

/**
 * A tenant's namespace is its wall: nothing goes in or out unless a rule lets it (a default-deny
 * NetworkPolicy), it cannot eat the cluster (a ResourceQuota and a LimitRange), and its pods run
 * under Pod Security's restricted profile.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export const tenantIsolation: StackValidationPolicy = {
  name: "tenant-isolation",
  description:
    "Every tenant namespace (label jardin/tenant) has a default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules), a ResourceQuota, a LimitRange and the pod-security.kubernetes.io/enforce: restricted label (baseline only where the pack config's baselineNamespaces says why).",
  configSchema: {
    properties: {
      baselineNamespaces: {
        type: "array",
        items: { type: "object", properties: { namespace: { type: "string" }, reason: { type: "string" } }, required: ["namespace", "reason"] },
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const settings = parseSettings("tenant-isolation", settingsSchema, args.getConfig());
    for (const { tenant, namespace, name, contents } of tenantNamespaces(args.resources)) {
      // An adoption's import step takes the namespace as it is, its hand-deployed app still
      // running in it: isolation comes with the converge step (model/adoption.ts).
      if (metadataOf(namespace.props).labels[LABELS.adoption] === "import") continue;
      const missing = (what: string, fix: string) =>
        reportViolation(`the namespace "${name}" of tenant "${tenant}" has no ${what}; ${fix}`, namespace.urn);
      if (!contents.some(isDefaultDeny)) {
        missing(
          "default-deny NetworkPolicy",
          "add one with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow each app's traffic in its own policy",
        );
      }
      if (!contents.some((r) => r.type === "kubernetes:core/v1:ResourceQuota")) {
        missing("ResourceQuota", "add one capping its cpu, memory, storage and pods to its plan");
      }
      if (!contents.some((r) => r.type === "kubernetes:core/v1:LimitRange")) {
        missing("LimitRange", "add one giving containers default requests and limits");
      }
      const enforce = metadataOf(namespace.props).labels[ENFORCE_LABEL];
      const baselineAllowed = settings.baselineNamespaces.some((entry) => matchesPattern(entry.namespace, name));
      if (enforce !== RESTRICTED_POD_SECURITY[ENFORCE_LABEL] && !(baselineAllowed && enforce === "baseline")) {
        reportViolation(
          `the namespace "${name}" of tenant "${tenant}" has ${ENFORCE_LABEL}: ${enforce ?? "not set"}; label it restricted (an app that needs less gets a namespace of its own, named and justified)`,
          namespace.urn,
        );
      }
    }
  },
};
