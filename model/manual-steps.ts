import type { Fleet } from "./fleet";
import type { Tenant } from "./tenant";

/**
 * What jardin does for a tenant on a cluster it creates but cannot do on one it adopted, by
 * cluster: the steps its gardeners take by hand, which the plan prints and the stack outputs
 * (`byHand`). Today one: a cluster jardin creates opens each tenant's videobridge UDP port in its
 * Hetzner firewall (components/hetzner/firewall.ts); an adopted cluster's firewall is not jardin's.
 */
export function manualSteps(
  fleet: Pick<Fleet, "clusters">,
  tenants: readonly Pick<Tenant, "id" | "cluster">[],
  /** Every Jitsi tenant's videobridge NodePort (model/videobridge-ports.ts), by tenant id. */
  videobridgePorts: ReadonlyMap<string, number>,
): Record<string, string[]> {
  const steps: Record<string, string[]> = {};
  for (const tenant of [...tenants].sort((a, b) => a.id.localeCompare(b.id))) {
    const port = videobridgePorts.get(tenant.id);
    if (port === undefined || fleet.clusters[tenant.cluster]?.origin.kind !== "adopted") continue;
    (steps[tenant.cluster] ??= []).push(
      `open UDP ${port} from anywhere to every node of ${tenant.cluster}: ${tenant.id}'s Jitsi videobridge (media fails without it)`,
    );
  }
  return steps;
}
