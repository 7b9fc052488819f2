import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { z } from "zod";
import { LABELS } from "../model/contract/tenant-labels";
import { parseSettings } from "./config";
import { asArray, asRecord, describeObject, metadataOf } from "./lib/kubernetes";
import { clusterOf, tenantNamespaces } from "./lib/stack";

const settingsSchema = z.strictObject({
  /**
   * Storage classes jardin does not manage (an adopted cluster's), known to retain their volumes,
   * each with the reason it is known. @default []
   */
  externalRetainClasses: z.array(z.strictObject({ name: z.string().min(1), reason: z.string().trim().min(10) })).default([]),
});

/** A claim on a storage class, as a tenant's resource makes it. */
interface ClassClaim {
  readonly resource: PolicyResource;
  readonly path: string;
  readonly className: unknown;
}

/**
 * A tenant's volumes outlive the claims on them: every storage class a tenant's claim, StatefulSet
 * template or PostgreSQL cluster uses has `reclaimPolicy: Retain` (Kubernetes' default is Delete,
 * and so is the Hetzner CSI chart's class).
 * https://kubernetes.io/docs/concepts/storage/storage-classes/#reclaim-policy
 */
export const tenantStorageRetained: StackValidationPolicy = {
  name: "tenant-storage-retained",
  description:
    "Every storage class used by a tenant's volume claims, StatefulSet claim templates or PostgreSQL clusters is named explicitly and has reclaimPolicy: Retain, either as a StorageClass of the stack on the same cluster or in the pack config's externalRetainClasses with a reason.",
  configSchema: {
    properties: {
      externalRetainClasses: {
        type: "array",
        items: { type: "object", properties: { name: { type: "string" }, reason: { type: "string" } }, required: ["name", "reason"] },
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const settings = parseSettings("tenant-storage-retained", settingsSchema, args.getConfig());
    const external = new Set(settings.externalRetainClasses.map((entry) => entry.name));
    const classes = args.resources.filter((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass");
    const tenantResources = new Set(tenantNamespaces(args.resources).flatMap((t) => t.contents));
    for (const r of args.resources) if (metadataOf(r.props).labels[LABELS.tenant] !== undefined) tenantResources.add(r);

    for (const claim of [...tenantResources].flatMap(classClaims)) {
      const subject = `${describeObject(claim.resource.type, claim.resource.props, claim.resource.name)}: ${claim.path}`;
      if (typeof claim.className !== "string" || claim.className === "") {
        reportViolation(`${subject} names no storage class, so the cluster's default (which may delete volumes) is used; name the cluster's Retain class`, claim.resource.urn);
        continue;
      }
      const declared = classes.find((c) => metadataOf(c.props).name === claim.className && clusterOf(c) === clusterOf(claim.resource));
      if (declared !== undefined) {
        const policy = declared.props["reclaimPolicy"];
        if (policy !== "Retain") {
          reportViolation(
            `${subject} uses storage class "${claim.className}", whose reclaimPolicy is ${policy === undefined ? "not set (Delete)" : JSON.stringify(policy)}; set reclaimPolicy: Retain on the class, or use one that has it`,
            claim.resource.urn,
          );
        }
      } else if (!external.has(claim.className)) {
        reportViolation(
          `${subject} uses storage class "${claim.className}", which is neither a StorageClass of this stack on its cluster nor in externalRetainClasses; use the cluster's Retain class, or list this one in policies/config.json with the reason it retains volumes`,
          claim.resource.urn,
        );
      }
    }
  },
};

/** Where each kind of resource names the storage class of the volumes it asks for. */
function classClaims(resource: PolicyResource): ClassClaim[] {
  const spec = asRecord(resource.props["spec"]);
  switch (resource.type) {
    case "kubernetes:core/v1:PersistentVolumeClaim":
      return [{ resource, path: "spec.storageClassName", className: spec["storageClassName"] }];
    case "kubernetes:apps/v1:StatefulSet":
      return asArray(spec["volumeClaimTemplates"]).map((template, index) => ({
        resource,
        path: `spec.volumeClaimTemplates[${index}].spec.storageClassName`,
        className: asRecord(asRecord(template)["spec"])["storageClassName"],
      }));
    case "kubernetes:postgresql.cnpg.io/v1:Cluster":
      return (["storage", "walStorage"] as const)
        .filter((key) => key === "storage" || spec[key] !== undefined)
        .map((key) => ({ resource, path: `spec.${key}.storageClass`, className: asRecord(spec[key])["storageClass"] }));
    default:
      return [];
  }
}
