import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LABELS } from "../components/tenant/labels";

/**
 * A tenant's namespace holds its volume claims: deleting it deletes them. It must be protected, so
 * that removing a tenant file or renaming a resource cannot take the data along.
 */
export const tenantDataProtected: ResourceValidationPolicy = {
  name: "tenant-data-protected",
  description: "Tenant namespaces are protected: Pulumi refuses to delete them without a reviewed unprotect.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== "kubernetes:core/v1:Namespace") return;
    const labels = (args.props["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    if (labels[LABELS.tenant] !== undefined && !args.opts.protect) {
      reportViolation(`the namespace of tenant "${labels[LABELS.tenant]}" is not protected; create it with { protect: true, retainOnDelete: true }`);
    }
  },
};
