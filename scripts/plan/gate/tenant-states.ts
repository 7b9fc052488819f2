import { LABELS } from "../../../model/contract/tenant-labels";
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

