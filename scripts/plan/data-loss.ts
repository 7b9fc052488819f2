import { ownerLabel } from "./owners";
import type { GateFinding, GateHead } from "./gate/finding";
import type { RecordedPlan } from "./record";

// The gate lives in gate/, one rule per file; this is what the plan, the diff and the comment use.
export { dataLossGate } from "./gate";
export type { GateFinding, GateHead, GateOutputs } from "./gate/finding";

/** URNs of the resources the gate finds replaced (made anew) rather than updated. */
export function replacedUrns(findings: readonly GateFinding[]): Set<string> {
  return new Set(findings.filter((f) => f.what.startsWith("is replaced")).map((f) => f.resource.urn));
}

const MARKS: Readonly<Record<GateFinding["verdict"], string>> = { refused: "REFUSED", declared: "declared", retained: "retained", replaced: "replaced" };

export function formatFinding(finding: GateFinding): string {
  return `${MARKS[finding.verdict]}: ${ownerLabel(finding.owner)}: ${finding.resource.type} ${finding.resource.name} ${finding.what}; ${finding.remedy}`;
}

/** What the gate reads of the head plan beside its resources: outputs, declared changes, the Matrix record. */
export function gateHeadOf({ outputs, declarations }: Pick<RecordedPlan, "outputs" | "declarations">): GateHead {
  return { outputs, declared: declarations.fleet.declaredChanges, matrixServerNames: declarations.fleet.matrixServerNames };
}
