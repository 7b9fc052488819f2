import { LABELS } from "../../../model/contract/tenant-labels";
import type { Snapshot } from "../snapshot";
import { TENANT_MOVE_TYPE } from "../owners";

/**
 * Lifecycle state of every tenant in a snapshot, from its namespace's label. A moving tenant has
 * two namespaces: its own state is the one under its canonical URNs (the old side's, until the
 * move is released), not the new side's.
 */
export function tenantStates(snapshot: Snapshot): Map<string, string> {
  return namespaceLabel(snapshot, LABELS.lifecycle);
}

/** The cluster each tenant's canonical namespace is on (its `jardin/cluster` label). */
export function tenantClusters(snapshot: Snapshot): Map<string, string> {
  return namespaceLabel(snapshot, LABELS.cluster);
}

function namespaceLabel(snapshot: Snapshot, label: string): Map<string, string> {
  const values = new Map<string, string>();
  const namespaces = snapshot.resources.filter((r) => r.type === "kubernetes:core/v1:Namespace");
  // The new side's namespace first, so the canonical one, when there is one, has the last word.
  const ordered = [...namespaces.filter((r) => isNewSide(r.urn)), ...namespaces.filter((r) => !isNewSide(r.urn))];
  for (const resource of ordered) {
    const labels = (resource.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    const tenant = labels[LABELS.tenant];
    const value = labels[label];
    if (tenant !== undefined && value !== undefined) values.set(tenant, value);
  }
  return values;
}

/** A resource of the new side of a move (under its `jardin:tenant:Move` component). */
export function isNewSide(urn: string): boolean {
  return urn.includes(`::${TENANT_MOVE_TYPE}$`);
}

/** `louise-michel-k8s` from a provider URN. */
export function providerName(urn: string | null): string {
  return urn === null ? "the default provider" : (urn.split("::").at(-1) ?? urn);
}
