import * as pulumi from "@pulumi/pulumi";
import type { Arrival } from "../../model/move";
import { Tenant, type TenantArgs } from "./tenant";

/** The component type whose child the new side of a moving tenant is. */
export const TENANT_MOVE_TYPE = "jardin:tenant:Move";
export const TENANT_TYPE = "jardin:tenant:Tenant";

export interface TenantMoveArgs extends TenantArgs {
  readonly arrival: Arrival;
}

/**
 * The new side of a moving organisation. Its Tenant keeps the organisation's id as its name (and so
 * every object name), under this component: its URNs differ from the old side's only by this parent
 * in their type chain, so both sides are in the stack at once and neither is made anew.
 *
 * In the `release` phase the old side is no longer declared: what both sides shared and the old
 * side made (the realm and its settings, the OIDC clients, the identities: every Keycloak and
 * generated resource the new side did not make itself) is taken over under its old URN, as an
 * alias; the old side's objects on the cluster it left leave the stack (retained there).
 */
export class TenantMove extends pulumi.ComponentResource {
  readonly tenant: Tenant;

  constructor(name: string, args: TenantMoveArgs, opts?: pulumi.ComponentResourceOptions) {
    // The move as the plan's snapshot records it: the gate reads the phase the base was in.
    super(TENANT_MOVE_TYPE, name, { from: args.arrival.move.from, to: args.arrival.cluster, phase: args.arrival.move.phase }, opts);
    const released = args.arrival.move.phase === "release";
    this.tenant = new Tenant(name, args, { parent: this, ...(released ? { transformations: [takeOverSharedResources] } : {}) });
    this.registerOutputs({});
  }
}

/** Types of what the old side made for both: the realm's resources, generated secrets and identities. */
const SHARED_TYPE_PREFIXES = ["keycloak:", "random:"];

/**
 * Each shared resource of the new side gets the URN it had under the old side as an alias (its
 * parent's URN without this component in the type chain). An explicit alias is needed: the engine
 * passes a parent's alias on to its children only when the parent itself was found by that alias
 * (pulumi pkg/resource/deploy/step_generator.go, generateAliases and `sg.aliases`, v3.259.0), and
 * this Tenant already exists under its own URN. Resources the new side already has are found by
 * their own URN first, the alias unused.
 */
function takeOverSharedResources(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult | undefined {
  const parent = args.opts.parent;
  if (parent === undefined || !SHARED_TYPE_PREFIXES.some((prefix) => args.type.startsWith(prefix))) return undefined;
  const oldParent = parent.urn.apply(withoutMoveParent);
  return { props: args.props, opts: { ...args.opts, aliases: [...(args.opts.aliases ?? []), { parent: oldParent }] } };
}

/** The URN a resource under this component had before the move: the same, without it in the type chain. */
export function withoutMoveParent(urn: string): string {
  return urn.replace(`::${TENANT_MOVE_TYPE}$`, "::");
}

/**
 * The URN a tenant's Tenant had while it was the new side of a move: a tenant declared without a
 * move gives it as an alias, so the pull request that removes a finished move (after `release`)
 * renames everything back to the canonical URNs (the engine passes a renamed parent's alias on to
 * its children).
 */
export function movedTenantUrn(id: string): pulumi.Output<string> {
  return pulumi.createUrn(id, TENANT_TYPE, pulumi.createUrn(id, TENANT_MOVE_TYPE));
}
