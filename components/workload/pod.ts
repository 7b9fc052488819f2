import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { container, memoryLimitOf, podSecurityContext, scratchVolumes, type ContainerSpec } from "./container";
import { egressLabels, type EgressNeed } from "./network";
import { appLabels, selectorLabels, type AppScope } from "./scope";


/** What a pod runs: the part shared by Deployments, StatefulSets and CronJobs. */
export interface PodSpec {
  readonly containers: readonly ContainerSpec[];
  /** Run to completion, in order, before the containers start. @default none */
  readonly initContainers?: readonly ContainerSpec[];
  /** Claims, ConfigMaps and Secret files, by volume name (scratch emptyDirs are added for you). */
  readonly volumes?: readonly k8s.types.input.core.v1.Volume[];
  /** Group owning mounted volumes; the image's own group, so its user can write there. @default none */
  readonly fsGroup?: number;
  /** Where the pods may connect beyond their own app (components/workload/network.ts). @default none */
  readonly egress?: readonly EgressNeed[];
  /**
   * Run on the node of this component's pods: they share its ReadWriteOnce claim, which only one
   * node can mount. @default anywhere
   */
  readonly colocateWith?: string;
  /** Extra pod labels, e.g. for a NetworkPolicy of the app's own. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/** A hardened pod template: restricted security, the tenant's placement, its network labels. */
export function podTemplate(
  scope: AppScope,
  component: string,
  spec: PodSpec,
  secretName: pulumi.Input<string>,
  extraLabels: Readonly<Record<string, string>> = {},
): { metadata: k8s.types.input.meta.v1.ObjectMeta; spec: k8s.types.input.core.v1.PodSpec } {
  const all = [...(spec.initContainers ?? []), ...spec.containers];
  return {
    metadata: { labels: { ...appLabels(scope, component), ...egressLabels(spec.egress ?? []), ...spec.labels, ...extraLabels } },
    spec: {
      // Tenant pods never talk to the Kubernetes API: no token mounted.
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: podSecurityContext(spec.fsGroup),
      ...(scope.placement === undefined
        ? {}
        : { nodeSelector: { ...scope.placement.nodeSelector }, tolerations: [...scope.placement.tolerations] }),
      ...(spec.colocateWith === undefined
        ? {}
        : {
            affinity: {
              podAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: { matchLabels: selectorLabels(scope, spec.colocateWith) }, topologyKey: "kubernetes.io/hostname" },
                ],
              },
            },
          }),
      ...(spec.initContainers === undefined ? {} : { initContainers: spec.initContainers.map((c) => container(c, secretName)) }),
      containers: spec.containers.map((c) => container(c, secretName)),
      volumes: [...(spec.volumes ?? []), ...scratchVolumes(all)],
    },
  };
}

/** The requests of one pod: its containers run side by side, init containers one at a time before. */
export function podFootprint(spec: PodSpec): { cpuMillis: number; memoryMiB: number; memoryLimitMiB: number } {
  const sum = (f: (c: ContainerSpec) => number) => spec.containers.reduce((total, c) => total + f(c), 0);
  const maxInit = (f: (c: ContainerSpec) => number) => Math.max(0, ...(spec.initContainers ?? []).map(f));
  return {
    cpuMillis: Math.max(sum((c) => c.resources.cpuMillis), maxInit((c) => c.resources.cpuMillis)),
    memoryMiB: Math.max(sum((c) => c.resources.memoryMiB), maxInit((c) => c.resources.memoryMiB)),
    memoryLimitMiB: Math.max(sum(memoryLimitOf), maxInit(memoryLimitOf)),
  };
}
