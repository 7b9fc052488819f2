import type { Fleet } from "./fleet";
import type { Problem } from "./problems";
import { closestName, listAlternatives } from "./suggest";
import type { LoadedTenant } from "./tenant-rules";

/**
 * A declared move reads as one: it comes from another cluster of the fleet that the organisation
 * runs on, and goes to an active one. Every problem names the file, the field and the fix, before
 * anything is registered.
 */
export function moveProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  const known = Object.keys(fleet.clusters).sort();
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const move = tenant.move;
    if (move === undefined) return [];
    const problems: Problem[] = [];
    const problem = (field: string, message: string) => problems.push({ file, field, message });
    const from = fleet.clusters[move.from];
    if (from === undefined) {
      const guess = closestName(move.from, known);
      problem("move.from", `"${move.from}" is not a cluster of ${fleetFile}${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; name the cluster the organisation runs on now: ${listAlternatives(known)}`);
    } else if (move.from === tenant.cluster) {
      problem("move.from", `the move comes from "${move.from}" and goes to cluster "${tenant.cluster}", the same one; set cluster to where the organisation goes, or remove move`);
    } else if (from.status === "retiring" && tenant.adopt === undefined && !(from.admitted ?? []).includes(tenant.id)) {
      problem("move.from", `"${move.from}" does not host this organisation (${fleetFile} clusters.${move.from}.admitted does not list "${tenant.id}"); name the cluster it runs on now`);
    }
    const to = fleet.clusters[tenant.cluster];
    if (to !== undefined && to.status === "retiring") {
      const active = known.filter((name) => fleet.clusters[name]!.status === "active" && name !== move.from);
      problem("cluster", `"${tenant.cluster}" is retiring: a move goes to an active cluster; set cluster to ${active.length === 0 ? "an active cluster (declare one first)" : listAlternatives(active)}`);
    }
    if (tenant.state === "archived") {
      problem("state", `an archived organisation runs nothing to move: its data waits for its export where it is; remove move, or set state to "active" (or "suspended") for the move`);
    }
    if (tenant.adopt?.step === "import") {
      problem("adopt.step", `an organisation still being imported cannot move: its backups are not jardin's yet; finish the adoption (adopt.step: "converge") in an earlier pull request, then move it`);
    }
    return problems;
  });
}
