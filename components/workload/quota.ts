import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { PodFootprint } from "./budget";

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

/** Name of the quota derived from the apps' requests. */
export const APPS_QUOTA_NAME = "jardin-apps";

/**
 * A namespace's ResourceQuota and LimitRange, from the pods declared in it: the tenant's own
 * namespace and an app's namespace of its own (OnlyOffice) are capped the same way.
 */
export function namespaceLimits(
  name: string,
  args: {
    readonly namespace: pulumi.Input<string>;
    readonly labels: Readonly<Record<string, string>>;
    readonly footprints: readonly PodFootprint[];
    readonly largestContainerMiB: number;
  },
  opts: pulumi.CustomResourceOptions,
): void {
  const limits = tenantLimits(args.footprints, args.largestContainerMiB);
  new k8s.core.v1.ResourceQuota(
    `${name}-quota`,
    {
      metadata: {
        name: APPS_QUOTA_NAME,
        namespace: args.namespace,
        labels: { ...args.labels },
        annotations: { "jardin/derived-from": args.footprints.map((f) => `${f.owner}×${f.pods}`).join(" ") },
      },
      spec: { hard: { ...limits.quota } },
    },
    opts,
  );
  new k8s.core.v1.LimitRange(
    `${name}-limits`,
    {
      metadata: { name: "jardin-defaults", namespace: args.namespace, labels: { ...args.labels } },
      spec: {
        limits: [
          {
            type: "Container",
            defaultRequest: { cpu: `${CONTAINER_DEFAULTS.cpuMillis}m`, memory: `${CONTAINER_DEFAULTS.memoryMiB}Mi` },
            default: { memory: `${CONTAINER_DEFAULTS.memoryLimitMiB}Mi` },
            max: { memory: limits.maxContainerMemory },
          },
        ],
      },
    },
    opts,
  );
}
