import type { SnapshotResource } from "../../scripts/plan/snapshot";

/**
 * What Kubernetes' admission does with a namespace's ResourceQuotas and LimitRange, read from the
 * objects the plan holds, written from the Kubernetes documentation rather than from jardin's own
 * arithmetic: a pod's requests are the larger of its init containers' largest and its containers'
 * sum; a quota counts the pods its scope selects (PriorityClass In/NotIn); a LimitRange's
 * Container max caps each container's memory limit.
 * https://kubernetes.io/docs/concepts/policy/resource-quotas/#resource-quota-per-priorityclass
 * https://kubernetes.io/docs/concepts/workloads/pods/init-containers/#resource-sharing-within-containers
 * https://kubernetes.io/docs/concepts/policy/limit-range/
 */

interface Resources {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}
interface Container {
  readonly name?: string;
  readonly resources?: Resources;
}
export interface PodSpecLike {
  readonly priorityClassName?: string;
  readonly initContainers?: readonly Container[];
  readonly containers: readonly Container[];
}
/** Pods a namespace would hold at once: a spec and how many of it. */
export interface PodGroup {
  readonly owner: string;
  readonly count: number;
  readonly spec: PodSpecLike;
}

const UNITS: Readonly<Record<string, number>> = { m: 1e-3, "": 1, k: 1e3, M: 1e6, G: 1e9, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** A Kubernetes quantity ("100m", "256Mi", "2") as a number of base units. */
export function quantity(text: string): number {
  const match = /^([0-9.]+)([a-zA-Z]*)$/.exec(text);
  const unit = match === null ? undefined : UNITS[match[2]!];
  if (match === null || unit === undefined) throw new Error(`not a quantity: ${text}`);
  return Number(match[1]) * unit;
}

function podUsage(spec: PodSpecLike): Record<string, number> {
  const of = (c: Container, kind: "requests" | "limits", key: string) => quantity(c.resources?.[kind]?.[key] ?? "0");
  const usage = (kind: "requests" | "limits", key: string) =>
    Math.max(...(spec.initContainers ?? []).map((c) => of(c, kind, key)), spec.containers.reduce((sum, c) => sum + of(c, kind, key), 0));
  return {
    pods: 1,
    "requests.cpu": usage("requests", "cpu"),
    "requests.memory": usage("requests", "memory"),
    "limits.memory": usage("limits", "memory"),
  };
}

interface QuotaSpec {
  readonly hard: Readonly<Record<string, string>>;
  readonly scopeSelector?: { readonly matchExpressions: readonly { readonly scopeName: string; readonly operator: string; readonly values: readonly string[] }[] };
}

function selects(quota: QuotaSpec, pod: PodSpecLike): boolean {
  return (quota.scopeSelector?.matchExpressions ?? []).every((e) => {
    if (e.scopeName !== "PriorityClass") throw new Error(`scope ${e.scopeName} is not modelled here`);
    const inValues = e.values.includes(pod.priorityClassName ?? "");
    return e.operator === "In" ? inValues : e.operator === "NotIn" ? !inValues : (() => { throw new Error(`operator ${e.operator}`); })();
  });
}

/** Every reason admission would refuse some of these pods in the namespace; none when all fit at once. */
export function admissionRefusals(namespaceObjects: readonly SnapshotResource[], pods: readonly PodGroup[]): string[] {
  const refusals: string[] = [];
  const inputs = (r: SnapshotResource) => r.inputs as { metadata: { name: string }; spec: any };
  for (const quota of namespaceObjects.filter((r) => r.type === "kubernetes:core/v1:ResourceQuota")) {
    const spec = inputs(quota).spec as QuotaSpec;
    const selected = pods.filter((p) => selects(spec, p.spec));
    for (const [key, hard] of Object.entries(spec.hard)) {
      const used = selected.reduce((sum, p) => sum + p.count * (podUsage(p.spec)[key] ?? 0), 0);
      if (used > quantity(hard) + 1e-9) {
        refusals.push(`quota ${inputs(quota).metadata.name}: ${key} ${used} > ${hard} (${selected.map((p) => `${p.owner}×${p.count}`).join(" ")})`);
      }
    }
  }
  for (const range of namespaceObjects.filter((r) => r.type === "kubernetes:core/v1:LimitRange")) {
    for (const limit of (inputs(range).spec.limits as { type: string; max?: Record<string, string> }[]).filter((l) => l.type === "Container")) {
      const max = limit.max?.["memory"];
      if (max === undefined) continue;
      for (const pod of pods) {
        for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
          const asked = c.resources?.limits?.["memory"];
          if (asked !== undefined && quantity(asked) > quantity(max)) refusals.push(`limits ${inputs(range).metadata.name}: ${pod.owner}/${c.name} memory ${asked} > ${max}`);
        }
      }
    }
  }
  return refusals;
}
