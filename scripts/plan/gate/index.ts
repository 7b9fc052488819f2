import type { OwnerDiff } from "../diff";
import type { Snapshot } from "../snapshot";
import { backupFindings } from "./backups";
import { applyDeclarations } from "./declared";
import type { GateFinding, GateHead, GateRule } from "./finding";
import { matrixServerNameFindings } from "./matrix-server-names";
import { moveFindings } from "./moves";
import { newTenantFindings } from "./new-tenants";
import { removalFindings } from "./removals";
import { replacementFindings } from "./replacements";
import { safetyNetFindings } from "./safety-nets";
import { tenantStates } from "./tenant-states";
import { volumeFindings } from "./volumes";

/** Every rule of the gate, one file each; the README's table lists what each refuses. */
export const GATE_RULES: readonly GateRule[] = [
  removalFindings,
  replacementFindings,
  backupFindings,
  volumeFindings,
  safetyNetFindings,
  matrixServerNameFindings,
  newTenantFindings,
  moveFindings,
];

const ORDER: Readonly<Record<GateFinding["verdict"], number>> = { refused: 0, declared: 1, retained: 2, replaced: 3 };

/**
 * The data-loss gate: every change of a diff that would lose stored data, its backups or an
 * identity, judged against the base, with the head's declared rotations and migrations applied.
 * Returns every finding at once, refused ones first.
 */
export function dataLossGate(base: Snapshot, diffs: readonly OwnerDiff[], head: GateHead): GateFinding[] {
  const context = { base, diffs, head, baseStates: tenantStates(base) };
  const findings = applyDeclarations(GATE_RULES.flatMap((rule) => rule(context)), head.declared);
  // A stable sort: within a verdict, rules and diffs keep their order.
  return findings.map((f, i) => [f, i] as const).sort(([a, i], [b, j]) => ORDER[a.verdict] - ORDER[b.verdict] || i - j).map(([f]) => f);
}
