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
  // What policies see is built once and shared by every policy: only the settings differ, and
  // getConfig reads the running policy's. A fleet of a thousand tenants has 100,000 resources.
  let settings: Record<string, unknown> = {};
  const getConfig = <T extends object>() => settings as T;
  const views = lazy(() => plannedResourceViews(snapshot));
  const resourceArgs = lazy(() => views().map((view): ResourceValidationArgs => ({ ...view, stackTags: NO_TAGS, getConfig, notApplicable })));
  const stackArgs = lazy((): StackValidationArgs => ({ resources: policyResources(views(), snapshot), stackTags: NO_TAGS, getConfig, notApplicable }));
  for (const policy of policies) {
    // As the engine does: remediate is validated as mandatory, disabled is not run.
    const configured = enforcementLevelOf(policy, config);
    if (configured === "disabled") continue;
    const enforcementLevel: EnforcementLevel = configured === "remediate" ? "mandatory" : configured;
    settings = settingsOf(policy.name, config);
    const report = (urn: string, message: string) => violations.push({ policy: policy.name, enforcementLevel, urn, message });

    if ("validateStack" in policy) {
      await runChecked(() => policy.validateStack(stackArgs(), (message, urn) => report(urn ?? "", message)));
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    for (const args of resourceArgs()) {
      for (const validate of validations) {
        await runChecked(() => validate(args, (message) => report(args.urn, message)));
      }
    }
  }
  return violations;
}

const NO_TAGS: ReadonlyMap<string, string> = new Map();

function lazy<T>(make: () => T): () => T {
  let value: { readonly made: T } | undefined;
  return () => (value ??= { made: make() }).made;
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

type PlannedResourceView = ReturnType<typeof plannedResourceView>;

function plannedResourceViews(snapshot: Snapshot): PlannedResourceView[] {
  const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
  return snapshot.resources.map((resource) => plannedResourceView(resource, byUrn));
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
 * What a stack policy sees of each resource. The engine hands it outputs; under mocks outputs echo
 * inputs, which is what a preview shows for resources not yet created. Its dependencies are the
 * ones the plan records (the engine's `dependencies`: what it waits for, its inputs' sources among
 * them); the plan does not record them per property, so `propertyDependencies` stays empty.
 */
function policyResources(views: readonly PlannedResourceView[], snapshot: Snapshot): PolicyResource[] {
  const resources = new Map<string, PolicyResource>();
  const viewOf = new Map(views.map((view) => [view.urn, view]));
  const dependenciesOf = new Map(snapshot.resources.map((r) => [r.urn, r.dependencies]));
  const toPolicyResource = (view: PlannedResourceView): PolicyResource => {
    const known = resources.get(view.urn);
    if (known !== undefined) return known;
    const parent = view.opts.parent === undefined ? undefined : viewOf.get(view.opts.parent);
    const policyResource: PolicyResource = {
      ...view,
      ...(parent === undefined ? {} : { parent: toPolicyResource(parent) }),
      dependencies: [],
      propertyDependencies: {},
    };
    resources.set(view.urn, policyResource);
    return policyResource;
  };
  const all = views.map(toPolicyResource);
  // Filled once every resource has its object, as the engine's policy server does.
  for (const resource of all) {
    for (const urn of dependenciesOf.get(resource.urn) ?? []) {
      const dependency = resources.get(urn);
      if (dependency !== undefined) resource.dependencies.push(dependency);
    }
  }
  return all;
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
