import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import type { Snapshot, SnapshotResource } from "./snapshot";

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: string;
  readonly urn: string;
  readonly message: string;
}

/**
 * Runs the pack's resource policies over a plan, as `pulumi preview --policy-pack` would over the
 * same resources, so a pull request learns of a violation without credentials.
 */
export async function checkPolicies(snapshot: Snapshot, policies: readonly ResourceValidationPolicy[]): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of snapshot.resources) {
      for (const validate of validations) {
        try {
          await validate(validationArgs(resource), (message) =>
            violations.push({ policy: policy.name, enforcementLevel: policy.enforcementLevel ?? "advisory", urn: resource.urn, message }),
          );
        } catch (error) {
          if (!(error instanceof NotApplicable)) throw error;
        }
      }
    }
  }
  return violations;
}

export function formatViolations(violations: readonly Violation[], policyCount: number): string {
  if (violations.length === 0) return `policies: ${policyCount} checked, no violation`;
  return [
    `policies: ${violations.length} violation${violations.length === 1 ? "" : "s"}`,
    ...violations.map((v) => `  [${v.enforcementLevel}] ${v.policy}: ${v.urn}: ${v.message}`),
  ].join("\n");
}

class NotApplicable extends Error {}

/** What a policy sees of a planned resource, as the engine would hand it over. */
export function validationArgs(resource: SnapshotResource): ResourceValidationArgs {
  const isType = (resourceClass: { __pulumiType?: string }) => resourceClass.__pulumiType === resource.type;
  return {
    type: resource.type,
    props: resource.inputs,
    urn: resource.urn,
    name: resource.name,
    opts: {
      protect: resource.protect,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
      ...(resource.parent === null ? {} : { parent: resource.parent }),
    },
    stackTags: new Map(),
    isType: isType as ResourceValidationArgs["isType"],
    asType: ((resourceClass: { __pulumiType?: string }) =>
      isType(resourceClass) ? resource.inputs : undefined) as ResourceValidationArgs["asType"],
    getConfig: () => ({}) as never,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
  };
}
