import type { ResourceValidationPolicy } from "@pulumi/policy";
import { LABELS } from "../model/contract/tenant-labels";
import { isStatefulType, STATEFUL_TYPES } from "../model/stateful";
import { describeObject, metadataOf } from "./lib/kubernetes";

/**
 * What holds someone's data is protected, so that removing a tenant file or renaming a resource
 * cannot take the data along; letting it go is a reviewed `pulumi state unprotect`. Namespaces
 * count only when they hold a tenant: a system namespace holds no one's data.
 */
export const dataProtected: ResourceValidationPolicy = {
  name: "data-protected",
  description:
    "Volume claims, Hetzner volumes, PostgreSQL clusters, Keycloak realms, the DNS zone and tenant namespaces are created with protect: true (the engine does not show policies retainOnDelete; the program sets it beside protect and the plan's snapshot records it).",
  validateResource: (args, reportViolation) => {
    if (!isStatefulType(args.type) || args.opts.protect) return;
    if (args.type === "kubernetes:core/v1:Namespace") {
      const tenant = metadataOf(args.props).labels[LABELS.tenant];
      if (tenant === undefined) return;
      reportViolation(`the namespace of tenant "${tenant}" is not protected; create it with { protect: true, retainOnDelete: true }`);
      return;
    }
    const subject = args.type.startsWith("kubernetes:") ? describeObject(args.type, args.props, args.name) : `${args.type.split(":").at(-1)} ${args.name}`;
    reportViolation(`${subject}, ${STATEFUL_TYPES[args.type]}, is not protected; create it with { protect: true, retainOnDelete: true }`);
  },
};
