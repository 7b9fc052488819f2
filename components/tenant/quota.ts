import type { PodFootprint } from "../workload/budget";

/** ResourceQuota `spec.hard` and LimitRange limits, from what the tenant's apps declare. */
export interface TenantLimits {
  readonly quota: { readonly pods: string; readonly "requests.cpu": string; readonly "requests.memory": string; readonly "limits.memory": string };
  /** The largest memory limit one container of the tenant declares: nothing may ask for more. */
  readonly maxContainerMemory: string;
}

/** What a container gets when it declares nothing (a debugging pod, an operator's job). */
export const CONTAINER_DEFAULTS = { cpuMillis: 50, memoryMiB: 64, memoryLimitMiB: 128 } as const;

/**
 * The quota is the sum of every declared pod, surge pods of rolling updates included: the apps
 * fit exactly, and anything more (a pod started by hand, a runaway replica count) is refused.
 * Pure arithmetic, so a reviewer can check it against the plan.
 */
export function tenantLimits(footprints: readonly PodFootprint[], largestContainerMiB: number): TenantLimits {
  const total = (f: (p: PodFootprint) => number) => footprints.reduce((sum, p) => sum + f(p) * p.pods, 0);
  return {
    quota: {
      pods: String(total(() => 1)),
      "requests.cpu": `${total((p) => p.cpuMillis)}m`,
      "requests.memory": `${total((p) => p.memoryMiB)}Mi`,
      "limits.memory": `${total((p) => p.memoryLimitMiB)}Mi`,
    },
    maxContainerMemory: `${Math.max(largestContainerMiB, CONTAINER_DEFAULTS.memoryLimitMiB)}Mi`,
  };
}
