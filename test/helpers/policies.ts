import type { ResourceValidationPolicy } from "@pulumi/policy";
import { checkPolicies } from "../../scripts/plan/policies";
import type { SnapshotResource } from "../../scripts/plan/snapshot";

/** A planned resource, with the given type, inputs and protection. */
export function plannedResource(type: string, inputs: Record<string, unknown>, protect = false): SnapshotResource {
  return {
    urn: `urn:pulumi:prod::jardin::${type}::example`,
    type,
    name: "example",
    parent: null,
    provider: null,
    protect,
    retainOnDelete: protect,
    inputs,
  };
}

/** The messages one policy reports for one resource. */
export async function violationsOf(policy: ResourceValidationPolicy, resource: SnapshotResource): Promise<string[]> {
  return (await checkPolicies({ stack: "prod", resources: [resource] }, [policy])).map((v) => v.message);
}
