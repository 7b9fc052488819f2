import type {
  EnforcementLevel,
  PolicyPackConfig,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { enforcementLevelOf, settingsOf } from "../../policies/config";
import type { Snapshot, SnapshotResource } from "./snapshot";

export interface Violation {
  readonly policy: string;
  readonly enforcementLevel: string;
  readonly urn: string;
  readonly message: string;
}

export type AnyPolicy = ResourceValidationPolicy | StackValidationPolicy;

/**
 * Runs the pack over a plan as `pulumi preview --policy-pack` would over the same resources:
 * resource policies on each resource with its options (protect, parent, provider), then stack
 * policies on them all, at the levels and with the settings of the pack's config. A pull request
 * learns of a violation without credentials.
 */
export async function checkPolicies(snapshot: Snapshot, policies: readonly AnyPolicy[], config: PolicyPackConfig = {}): Promise<Violation[]> {
  const violations: Violation[] = [];
  const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
  for (const policy of policies) {
    // As the engine does: remediate is validated as mandatory, disabled is not run.
    const configured = enforcementLevelOf(policy, config);
    if (configured === "disabled") continue;
    const enforcementLevel: EnforcementLevel = configured === "remediate" ? "mandatory" : configured;
    const settings = settingsOf(policy.name, config);
    const report = (urn: string, message: string) => violations.push({ policy: policy.name, enforcementLevel, urn, message });

    if ("validateStack" in policy) {
      await runChecked(() =>
        policy.validateStack(stackValidationArgs(snapshot, byUrn, settings), (message, urn) => report(urn ?? "", message)),
      );
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of snapshot.resources) {
      for (const validate of validations) {
        await runChecked(() => validate(validationArgs(resource, byUrn, settings), (message) => report(resource.urn, message)));
      }
    }
  }
  return violations;
}

export function formatViolations(violations: readonly Violation[], policyCount: number): string {
  if (violations.length === 0) return `policies: ${policyCount} checked, no violation`;
  return [
    `policies: ${violations.length} violation${violations.length === 1 ? "" : "s"} (${mandatoryCount(violations)})`,
    ...violations.map((v) => `  [${v.enforcementLevel}] ${v.policy}: ${v.urn === "" ? "the stack" : v.urn}: ${v.message}`),
  ].join("\n");
}

/** Whether the run fails on them, said in the headline. */
function mandatoryCount(violations: readonly Violation[]): string {
  const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return mandatory === 0 ? "none mandatory" : `${mandatory} mandatory`;
}

class NotApplicable extends Error {}

async function runChecked(validate: () => Promise<void> | void): Promise<void> {
  try {
    // Most validations are synchronous: awaiting only promises spares a tick per resource.
    const result = validate();
    if (result instanceof Promise) await result;
  } catch (error) {
    if (!(error instanceof NotApplicable)) throw error;
  }
}

const notApplicable = (reason?: string): never => {
  throw new NotApplicable(reason);
};

type ResourceClass = { __pulumiType?: string };

/** What a policy sees of a planned resource, as the engine would hand it over. */
export function validationArgs(
  resource: SnapshotResource,
  byUrn: ReadonlyMap<string, SnapshotResource> = new Map(),
  settings: Record<string, unknown> = {},
): ResourceValidationArgs {
  return { ...plannedResourceView(resource, byUrn), stackTags: new Map(), getConfig: <T extends object>() => settings as T, notApplicable };
}

/** What every policy sees of one planned resource, resource and stack policies alike. */
function plannedResourceView(resource: SnapshotResource, byUrn: ReadonlyMap<string, SnapshotResource>) {
  const isType = (resourceClass: ResourceClass) => resourceClass.__pulumiType === resource.type;
  const provider = providerOf(resource, byUrn);
  return {
    type: resource.type,
    props: resource.inputs,
    urn: resource.urn,
    name: resource.name,
    opts: optionsOf(resource),
    ...(provider === undefined ? {} : { provider }),
    isType: isType as ResourceValidationArgs["isType"],
    asType: ((resourceClass: ResourceClass) => (isType(resourceClass) ? resource.inputs : undefined)) as ResourceValidationArgs["asType"],
  };
}

/**
 * What a stack policy sees. The engine hands it outputs; under mocks outputs echo inputs, which is
 * what a preview shows for resources not yet created. Dependencies are not recorded in the plan.
 */
function stackValidationArgs(
  snapshot: Snapshot,
  byUrn: ReadonlyMap<string, SnapshotResource>,
  settings: Record<string, unknown>,
): StackValidationArgs {
  const resources = new Map<string, PolicyResource>();
  const toPolicyResource = (resource: SnapshotResource): PolicyResource => {
    const known = resources.get(resource.urn);
    if (known !== undefined) return known;
    const parent = resource.parent === null ? undefined : byUrn.get(resource.parent);
    const policyResource: PolicyResource = {
      ...plannedResourceView(resource, byUrn),
      ...(parent === undefined ? {} : { parent: toPolicyResource(parent) }),
      dependencies: [],
      propertyDependencies: {},
    };
    resources.set(resource.urn, policyResource);
    return policyResource;
  };
  return {
    resources: snapshot.resources.map(toPolicyResource),
    stackTags: new Map(),
    getConfig: <T extends object>() => settings as T,
    notApplicable,
  };
}

function optionsOf(resource: SnapshotResource): PolicyResourceOptions {
  return {
    protect: resource.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
    ...(resource.parent === null ? {} : { parent: resource.parent }),
  };
}

function providerOf(resource: SnapshotResource, byUrn: ReadonlyMap<string, SnapshotResource>): PolicyProviderResource | undefined {
  if (resource.provider === null) return undefined;
  const provider = byUrn.get(resource.provider);
  return { type: provider?.type ?? "", props: provider?.inputs ?? {}, urn: resource.provider, name: provider?.name ?? "" };
}
