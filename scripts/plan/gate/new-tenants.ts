import { TENANT_TYPE } from "../owners";
import { refused, type GateContext, type GateFinding } from "./finding";

/** A new tenant on a retiring cluster: it would have to move again, data and all. */
export function newTenantFindings({ diffs, head }: GateContext): GateFinding[] {
  return diffs.flatMap((diff): GateFinding[] => {
    const added = diff.added.find((r) => r.type === TENANT_TYPE);
    // A tenant whose namespace is imported ran there before jardin (an adoption): it is not new.
    const adopted = diff.added.some((r) => r.type === "kubernetes:core/v1:Namespace" && r.import !== undefined);
    if (diff.owner.kind !== "tenant" || added === undefined || adopted) return [];
    const cluster = head.outputs.tenants[diff.owner.id]?.cluster;
    if (cluster === undefined || head.outputs.clusters[cluster]?.status !== "retiring") return [];
    const active = Object.entries(head.outputs.clusters).filter(([, c]) => c.status === "active").map(([name]) => `"${name}"`);
    return [refused(diff.owner, added, `is new on cluster ${cluster}, which is retiring and takes no new tenant`, `set cluster: ${active.join(" or ")} in the tenant file`)];
  });
}
