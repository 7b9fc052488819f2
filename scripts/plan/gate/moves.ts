import { MOVE_PHASES } from "../../../model/move";
import type { OwnerDiff } from "../diff";
import { TENANT_MOVE_TYPE, TENANT_TYPE, type Owner } from "../owners";
import type { Snapshot, SnapshotResource } from "../snapshot";
import { refused, type GateContext, type GateFinding } from "./finding";
import { tenantClusters } from "./tenant-states";

/** How a move is declared, for every message that asks for one. */
export function declareMoveHint(id: string, from: string, to: string): string {
  return (
    `declare the move in tenants/${id}.ts: keep cluster: "${to}" and add move: { from: "${from}", phase: "restore" }, ` +
    `once the tenant is suspended on ${from} and its last backups are taken (README, "Move one from louise-michel to ada-lovelace")`
  );
}

/** The move a snapshot records for each tenant: its `jardin:tenant:Move` component's inputs. */
export function movesOf(snapshot: Snapshot): Map<string, { readonly from: string; readonly to: string; readonly phase: string; readonly resource: SnapshotResource }> {
  const moves = new Map<string, { from: string; to: string; phase: string; resource: SnapshotResource }>();
  for (const resource of snapshot.resources) {
    if (resource.type !== TENANT_MOVE_TYPE) continue;
    const { from, to, phase } = resource.inputs as { from?: string; to?: string; phase?: string };
    if (from !== undefined && to !== undefined && phase !== undefined) moves.set(resource.name, { from, to, phase, resource });
  }
  return moves;
}

/**
 * A move goes through its phases in order, one pull request at a time, from a tenant stopped on
 * the cluster it leaves: its restores then read backups no app writes after, and nothing restores
 * again over what the organisation wrote on the new side once it was switched.
 */
export function moveFindings({ base, diffs, head, baseStates }: GateContext): GateFinding[] {
  const baseMoves = movesOf(base);
  const baseClusters = tenantClusters(base);
  const ids = new Set([...baseMoves.keys(), ...Object.entries(head.outputs.tenants).filter(([, t]) => t.move !== undefined).map(([id]) => id)]);
  return [...ids].sort().flatMap((id): GateFinding[] => {
    const owner: Owner = { kind: "tenant", id };
    const before = baseMoves.get(id);
    const tenant = head.outputs.tenants[id];
    const after = tenant?.move;
    const diff = diffs.find((d) => d.owner.kind === "tenant" && d.owner.id === id);
    const subject = moveResource(diff, before?.resource, id);
    if (after === undefined) {
      // The file removed the move, or the whole tenant: only a released move may end.
      if (before === undefined || before.phase === "release" || tenant === undefined) return [];
      return [refused(owner, subject, `ends its move in phase "${before.phase}": the old side on ${before.from} still holds the organisation's data in the stack`, `advance the move to phase "release" first (move: { from: "${before.from}", phase: "release" }), and remove move in a later pull request once that is applied`)];
    }
    if (before === undefined) {
      const problems: string[] = [];
      if (after.phase !== "restore") problems.push(`a move starts in phase "restore" (its restores run before anything on ${tenant!.cluster} serves), not "${after.phase}"`);
      const state = baseStates.get(id);
      const onCluster = baseClusters.get(id);
      if (state === undefined) problems.push(`the base has no tenant "${id}" to move: a new organisation starts on its cluster, without move`);
      else if (onCluster !== undefined && onCluster !== after.from) problems.push(`the base runs it on ${onCluster}, not on ${after.from}: set move.from to "${onCluster}"`);
      else if (state !== "suspended") {
        problems.push(`it is ${state} in the base: suspend it first (state: "suspended") in a pull request of its own and let its last backups complete (npm run move -- ${id} final-backup), so that the restores read every write; then declare the move`);
      }
      return problems.map((problem) => refused(owner, subject, `starts a move from ${after.from}`, problem));
    }
    const step = MOVE_PHASES.indexOf(after.phase as (typeof MOVE_PHASES)[number]) - MOVE_PHASES.indexOf(before.phase as (typeof MOVE_PHASES)[number]);
    if (after.from !== before.from) {
      return [refused(owner, subject, `changes the cluster its move comes from (${before.from} → ${after.from})`, `put move.from back to "${before.from}"; a move has one origin`)];
    }
    if (step < 0) {
      return [refused(owner, subject, `goes back from phase "${before.phase}" to "${after.phase}"`, `a move only goes forward: going back would restore the old backups again over what the organisation wrote since; keep phase "${before.phase}"`)];
    }
    if (step > 1) {
      return [refused(owner, subject, `skips from phase "${before.phase}" to "${after.phase}"`, `advance one phase a pull request: set phase "${MOVE_PHASES[MOVE_PHASES.indexOf(before.phase as (typeof MOVE_PHASES)[number]) + 1]}"`)];
    }
    return [];
  });
}

function moveResource(diff: OwnerDiff | undefined, baseResource: SnapshotResource | undefined, id: string): GateFinding["resource"] {
  const headMove = [...(diff?.added ?? []), ...(diff?.changed.map((c) => c.resource) ?? [])].find((r) => r.type === TENANT_MOVE_TYPE);
  return headMove ?? baseResource ?? { urn: `tenant:${id}`, type: TENANT_TYPE, name: id };
}
