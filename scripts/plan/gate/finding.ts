import type { DeclaredChanges } from "../../../model/fleet";
import type { StackOutputs } from "../../../stacks/program";
import type { OwnerDiff } from "../diff";
import type { Owner } from "../owners";
import type { Snapshot, SnapshotResource } from "../snapshot";

/**
 * One verdict of the data-loss gate. `refused` fails the plan. The others pass, and say why:
 * `retained`, a removal whose data stays where it is (an archived tenant's, kept by
 * retainOnDelete); `declared`, a refused change the fleet file declares on purpose (a rotation or
 * a migration); `replaced`, a replacement that loses nothing stored, shown so nobody mistakes it
 * for an update.
 */
export interface GateFinding {
  readonly verdict: "refused" | "retained" | "declared" | "replaced";
  readonly owner: Owner;
  readonly resource: Pick<SnapshotResource, "urn" | "type" | "name">;
  /** What the change does, e.g. `is removed: ...`, `is replaced (spec.storageClassName forces a new one): ...`. */
  readonly what: string;
  /** What to do instead (refused), or why it may pass. */
  readonly remedy: string;
  /**
   * The fleet declaration that may let a refused change through, and what then happens. Absent:
   * nothing may; the change has to go.
   */
  readonly declarable?: { readonly kind: keyof DeclaredChanges; readonly happens: string };
}

/** The head plan's view of clusters and tenants (its stack outputs). */
export type GateOutputs = Pick<StackOutputs, "clusters"> & {
  readonly tenants: Readonly<
    Record<string, { readonly cluster: string; readonly state: string; readonly move?: { readonly from: string; readonly phase: string } }>
  >;
};

/** What the head plan declares beside its resources. */
export interface GateHead {
  readonly outputs: GateOutputs;
  /** The fleet's declared rotations and migrations. @default none */
  readonly declared?: DeclaredChanges;
  /** The fleet's record of Matrix server names, by tenant id. @default none */
  readonly matrixServerNames?: Readonly<Record<string, string>>;
}

/** Everything a rule of the gate reads. */
export interface GateContext {
  readonly base: Snapshot;
  readonly diffs: readonly OwnerDiff[];
  readonly head: GateHead;
  /** Lifecycle state of every tenant in the base, from its namespace's label. */
  readonly baseStates: ReadonlyMap<string, string>;
}

/** One rule of the gate: every finding it makes about a diff. */
export type GateRule = (context: GateContext) => GateFinding[];

/** A refused finding about a resource of a diff. */
export function refused(
  owner: Owner,
  resource: GateFinding["resource"],
  what: string,
  remedy: string,
  declarable?: GateFinding["declarable"],
): GateFinding {
  return { verdict: "refused", owner, resource, what, remedy, ...(declarable === undefined ? {} : { declarable }) };
}
