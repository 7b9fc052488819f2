import { LABELS } from "../../../model/contract/tenant-labels";
import type { Owner } from "../owners";
import type { Snapshot } from "../snapshot";

/** Lifecycle state of every tenant in a snapshot, from its namespace's label. */
export function tenantStates(snapshot: Snapshot): Map<string, string> {
  const states = new Map<string, string>();
  for (const resource of snapshot.resources) {
    if (resource.type !== "kubernetes:core/v1:Namespace") continue;
    const labels = (resource.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    const tenant = labels[LABELS.tenant];
    const state = labels[LABELS.lifecycle];
    if (tenant !== undefined && state !== undefined) states.set(tenant, state);
  }
  return states;
}

/** `louise-michel-k8s` from a provider URN. */
export function providerName(urn: string | null): string {
  return urn === null ? "the default provider" : (urn.split("::").at(-1) ?? urn);
}

/**
 * The head state of a diff's tenant when it runs nothing (suspended or archived): its backups
 * stop with its apps (components/tenant/backups.ts, components/workload/postgres.ts), as its
 * lifecycle says, and its last backups stay. Undefined for an active tenant and for other owners.
 */
export function pausedState(owner: Owner, headTenants: Readonly<Record<string, { readonly state: string }>>): string | undefined {
  const state = owner.kind === "tenant" ? headTenants[owner.id]?.state : undefined;
  return state === undefined || state === "active" ? undefined : state;
}
