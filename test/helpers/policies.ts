import type { PolicyPackConfig, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { checkPolicies } from "../../scripts/plan/policies";
import type { SnapshotResource } from "../../scripts/plan/snapshot";

export interface PlannedOptions {
  readonly protect?: boolean;
  /** @default "example" */
  readonly name?: string;
  /** URN of the provider; Kubernetes resources go through their cluster's. @default null */
  readonly provider?: string | null;
}

/** A planned resource, with the given type, inputs and options. */
export function plannedResource(type: string, inputs: Record<string, unknown>, options: PlannedOptions | boolean = {}): SnapshotResource {
  const { protect = false, name = "example", provider = null } = typeof options === "boolean" ? { protect: options } : options;
  return {
    urn: `urn:pulumi:prod::jardin::${type}::${name}`,
    type,
    name,
    parent: null,
    provider,
    protect,
    retainOnDelete: protect,
    dependencies: [],
    inputs,
  };
}

/** The messages one policy reports for one resource, with the pack's settings for it. */
export async function violationsOf(
  policy: ResourceValidationPolicy,
  resource: SnapshotResource,
  config: PolicyPackConfig = {},
): Promise<string[]> {
  return (await checkPolicies({ stack: "prod", resources: [resource] }, [policy], config)).map((v) => v.message);
}

/** The messages one stack policy reports for a set of resources. */
export async function stackViolationsOf(
  policy: StackValidationPolicy,
  resources: readonly SnapshotResource[],
  config: PolicyPackConfig = {},
): Promise<string[]> {
  return (await checkPolicies({ stack: "prod", resources }, [policy], config)).map((v) => v.message);
}
