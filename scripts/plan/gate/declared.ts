import type { DeclaredChanges } from "../../../model/fleet";
import type { GateFinding } from "./finding";

/**
 * The fleet's declared rotations and migrations applied to the gate's refusals: a refusal that a
 * declaration names (by resource name, of the kind it asks for) passes as `declared`, saying what
 * happens. A declaration that lets nothing through is told too, so it is removed once applied.
 */
export function applyDeclarations(findings: readonly GateFinding[], declared: DeclaredChanges | undefined): GateFinding[] {
  if (declared === undefined) return [...findings];
  const used = new Set<string>();
  const judged = findings.map((finding): GateFinding => {
    const declarable = finding.declarable;
    if (finding.verdict !== "refused" || declarable === undefined) return finding;
    const reason = declared[declarable.kind][finding.resource.name];
    if (reason === undefined) return finding;
    used.add(`${declarable.kind}.${finding.resource.name}`);
    return { ...finding, verdict: "declared", remedy: `declared (declaredChanges.${declarable.kind}: "${reason}"): ${declarable.happens}` };
  });
  const unused = (["rotations", "migrations"] as const).flatMap((kind) =>
    Object.keys(declared[kind])
      .filter((name) => !used.has(`${kind}.${name}`))
      .map(
        (name): GateFinding => ({
          verdict: "declared",
          owner: { kind: "fleet" },
          resource: { urn: `declaredChanges.${kind}.${name}`, type: "fleet declaration", name: `declaredChanges.${kind}.${name}` },
          what: "lets nothing through in this plan",
          remedy: `remove it from the fleet file once its change is applied: while it stays, the next ${kind === "rotations" ? "rotation" : "migration"} of ${name} passes unasked`,
        }),
      ),
  );
  return [...judged, ...unused];
}
