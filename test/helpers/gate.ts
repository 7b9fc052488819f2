import { dataLossGate, formatFinding, gateHeadOf, type GateFinding, type GateHead } from "../../scripts/plan/data-loss";
import { diffSnapshots } from "../../scripts/plan/diff";
import type { RecordedPlan } from "../../scripts/plan/record";
import type { Snapshot, SnapshotResource } from "../../scripts/plan/snapshot";
import type { FleetInput } from "../../model/fleet";
import { FLEETS } from "../../stacks/fleets";
import { exampleTenantFiles } from "./declarations";
import { planWithTenants } from "./plan";

let prod: Promise<RecordedPlan> | undefined;

/** The real prod plan, with the repository's tenants: the compliant baseline every gate test changes once. */
export function prodPlan(): Promise<RecordedPlan> {
  prod ??= planWithTenants(exampleTenantFiles());
  return prod;
}

/** A copy of a snapshot with one resource (by type and name) changed. */
export function changed(snapshot: Snapshot, type: string, name: string, change: (resource: SnapshotResource) => SnapshotResource): Snapshot {
  let found = false;
  const resources = snapshot.resources.map((r) => {
    if (r.type !== type || r.name !== name) return r;
    found = true;
    return change(structuredClone(r) as SnapshotResource);
  });
  if (!found) throw new Error(`no ${type} ${name} in the plan`);
  return { ...snapshot, resources };
}

/** A copy of a snapshot without the resources a predicate picks. */
export function without(snapshot: Snapshot, drop: (resource: SnapshotResource) => boolean): Snapshot {
  return { ...snapshot, resources: snapshot.resources.filter((r) => !drop(r)) };
}

/** A resource with the input at a dotted path set (undefined removes it). */
export function withInput(resource: SnapshotResource, path: string, value: unknown): SnapshotResource {
  const inputs = structuredClone(resource.inputs) as Record<string, unknown>;
  const keys = path.split(".");
  let at = inputs;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  if (value === undefined) delete at[keys.at(-1)!];
  else at[keys.at(-1)!] = value;
  return { ...resource, inputs };
}

/** The gate's findings, as printed, from the prod plan to a changed copy of it. */
export async function judge(head: (base: Snapshot) => Snapshot, declared: Partial<GateHead> = {}): Promise<{ findings: GateFinding[]; lines: string[] }> {
  const plan = await prodPlan();
  const findings = dataLossGate(plan.snapshot, diffSnapshots(plan.snapshot, head(plan.snapshot)), { ...gateHeadOf(plan), ...declared });
  return { findings, lines: findings.map(formatFinding) };
}

/** Only the verdicts that fail the plan. */
export const refusals = (findings: readonly GateFinding[]) => findings.filter((f) => f.verdict === "refused").map(formatFinding);

/**
 * The prod plan with the fleet file changed: FLEETS is what the program reads, swapped for the run.
 * The tests of a file run one after the other, so no other plan sees the change.
 */
export async function planWithFleet(change: (fleet: FleetInput) => void, files: Readonly<Record<string, unknown>> = exampleTenantFiles()): Promise<RecordedPlan> {
  const original = FLEETS["prod"]!;
  const input = structuredClone(original.input) as FleetInput;
  change(input);
  Object.assign(FLEETS, { prod: { ...original, input } });
  try {
    return await planWithTenants(files);
  } finally {
    Object.assign(FLEETS, { prod: original });
  }
}

/** The gate's findings from the prod plan to another recorded plan. */
export async function judgePlans(head: RecordedPlan, base?: RecordedPlan): Promise<GateFinding[]> {
  const from = base ?? (await prodPlan());
  return dataLossGate(from.snapshot, diffSnapshots(from.snapshot, head.snapshot), gateHeadOf(head));
}
