import type { Snapshot, SnapshotResource } from "./snapshot";

/**
 * The k3s release a created cluster runs, as its server upgrade Plan (components/platform/upgrades.ts)
 * carries it: `upgrade.cattle.io/v1` Plan `k3s-server`, `spec.version`.
 */
function serverPlanVersions(snapshot: Snapshot): Map<string, { readonly version: string; readonly resource: SnapshotResource }> {
  const versions = new Map<string, { version: string; resource: SnapshotResource }>();
  for (const resource of snapshot.resources) {
    if (resource.type !== "kubernetes:upgrade.cattle.io/v1:Plan") continue;
    const metadata = resource.inputs["metadata"] as { name?: unknown } | undefined;
    const version = (resource.inputs["spec"] as { version?: unknown } | undefined)?.version;
    if (metadata?.name === "k3s-server" && typeof version === "string") versions.set(resource.urn, { version, resource });
  }
  return versions;
}

/** `v1.36.4+k3s1` → [1, 36, 4, 1]; undefined for anything else. */
export function k3sRelease(version: string): readonly [number, number, number, number] | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)\+k3s(\d+)$/.exec(version);
  return m === null ? undefined : [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
}

/**
 * Refusals, one line each, for a k3s version change between the base and the head that Kubernetes
 * does not support: a skipped minor version, or any downgrade. Kubernetes' version skew policy
 * upgrades the control plane one minor version at a time and never downgrades it
 * (https://kubernetes.io/releases/version-skew-policy/#supported-component-upgrade-order);
 * k3s follows it (https://docs.k3s.io/upgrades).
 */
export function k3sUpgradeRefusals(base: Snapshot, head: Snapshot): string[] {
  const before = serverPlanVersions(base);
  const refusals: string[] = [];
  for (const [urn, { version, resource }] of serverPlanVersions(head)) {
    const was = before.get(urn)?.version;
    if (was === undefined || was === version) continue;
    const from = k3sRelease(was);
    const to = k3sRelease(version);
    const cluster = resource.name.replace(/-upgrade-server$/, "");
    if (from === undefined || to === undefined) continue;
    const order = to[0] - from[0] || to[1] - from[1] || to[2] - from[2] || to[3] - from[3];
    if (order < 0) {
      refusals.push(`cluster ${cluster}: k3s ${was} → ${version} is a downgrade, which Kubernetes does not support (etcd and the API's stored objects may not go back); put k3sVersion back to ${was} or a later release`);
    } else if (to[0] !== from[0] || to[1] > from[1] + 1) {
      const next = `v${from[0]}.${from[1] + 1}`;
      refusals.push(`cluster ${cluster}: k3s ${was} → ${version} skips a minor version; upgrade one minor version at a time: set k3sVersion to a ${next} release (e.g. ${next}.0+k3s1 or its latest patch), apply it, then go on`);
    }
  }
  return refusals.sort();
}
