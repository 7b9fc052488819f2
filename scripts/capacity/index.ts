import type { Declarations } from "../../model/registry";
import type { Snapshot } from "../plan/snapshot";
import { planCapacity, type ClusterCapacity } from "./planner";
import { workloadsOf, type SnapshotWorkloads } from "./workloads";

/** The plan's workloads, and every cluster's pools packed with them (the plan and the report). */
export function fleetCapacity(snapshot: Snapshot, declarations: Declarations): { workloads: SnapshotWorkloads; clusters: ClusterCapacity[] } {
  const workloads = workloadsOf(snapshot, Object.keys(declarations.fleet.clusters));
  return { workloads, clusters: planCapacity({ fleet: declarations.fleet, tenants: declarations.tenants.map((t) => t.tenant), workloads }) };
}

/** Capacity of every cluster of a plan; what cannot be sized at all is a problem of its cluster. */
export function capacityOf(snapshot: Snapshot, declarations: Declarations): ClusterCapacity[] {
  const { workloads, clusters } = fleetCapacity(snapshot, declarations);
  const extra: ClusterCapacity[] = [];
  if (workloads.problems.length > 0) {
    extra.push({ cluster: "(unsized)", pools: [], fits: false, notSurvivingNodeLoss: [], problems: workloads.problems });
  }
  if (workloads.outsideFleet.length > 0) {
    extra.push({ cluster: "(outside the fleet)", pools: [], fits: true, notSurvivingNodeLoss: [], problems: [], notes: workloads.outsideFleet });
  }
  return [...clusters, ...extra];
}
