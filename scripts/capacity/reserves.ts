/** What a node keeps for itself before any pod: the OS, k3s (kubelet, containerd, flannel). */
export interface Amount {
  /** Millicores. */
  readonly cpuMilli: number;
  readonly memoryMiB: number;
}

/**
 * System reserve per node, subtracted from each server type's capacity. k3s's own footprint is
 * documented as 1 CPU / 2 GiB minimum for a server running workloads and 512 MiB for an agent
 * (https://docs.k3s.io/installation/requirements#hardware); GKE's published reservation curve
 * (6 % of the first core, 25 % of the first 4 GiB, then less) is the usual rule for how reserves
 * grow with the machine (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes).
 * jardin uses GKE's curve with a floor at k3s's agent figure, and the same 100 MiB eviction
 * threshold as the kubelet's default (memory.available<100Mi).
 */
export function systemReserve(vcpu: number, memoryGiB: number): Amount {
  const cores = [0.06, 0.01, 0.005, 0.005];
  let cpu = 0;
  for (let core = 0; core < vcpu; core++) cpu += cores[core] ?? 0.0025;
  const tiers: readonly [GiB: number, share: number][] = [[4, 0.25], [4, 0.2], [8, 0.1], [112, 0.06]];
  let memory = 0;
  let left = memoryGiB;
  for (const [size, share] of tiers) {
    const slice = Math.min(left, size);
    memory += slice * share;
    left -= slice;
  }
  memory += left * 0.02;
  const evictionMiB = 100;
  return { cpuMilli: Math.round(cpu * 1000), memoryMiB: Math.max(512, Math.round(memory * 1024)) + evictionMiB };
}

export interface ChartReserve extends Amount {
  /** Pods the chart runs, each of the size above; on distinct nodes when more than one. */
  readonly replicas: number;
  /** Where the figures come from. */
  readonly source: string;
}

/**
 * Platform charts whose pods the plan cannot see (a Helm release renders inside the provider).
 * When a release's values set `resources.requests`, the planner uses them; these are the
 * figures otherwise. A chart missing here fails the plan with where to add it.
 */
export const CHART_RESERVES: Readonly<Record<string, ChartReserve>> = {
  "hcloud-cloud-controller-manager": {
    cpuMilli: 100, memoryMiB: 50, replicas: 1,
    source: "chart values.yaml default resources.requests (hetznercloud/hcloud-cloud-controller-manager chart/values.yaml)",
  },
  "hcloud-csi": {
    cpuMilli: 50, memoryMiB: 100, replicas: 1,
    source: "estimate: chart/values.yaml leaves the controller's five containers' requests empty; 10m/20Mi each (node pods are a DaemonSet, inside the system reserve)",
  },
  "cert-manager": {
    cpuMilli: 30, memoryMiB: 96, replicas: 1,
    source: "estimate: the chart sets no requests (resources: {}); controller + webhook + cainjector at 10m/32Mi each",
  },
  traefik: {
    cpuMilli: 100, memoryMiB: 128, replicas: 2,
    source: "estimate: the chart sets no requests (resources: {}); two replicas behind the load balancer",
  },
  "cloudnative-pg": {
    cpuMilli: 100, memoryMiB: 200, replicas: 1,
    source: "estimate: the chart sets no requests (resources: {}); the operator's documented footprint is a few hundred MiB",
  },
  "plugin-barman-cloud": {
    cpuMilli: 50, memoryMiB: 64, replicas: 1,
    source: "estimate: the chart sets no requests; one small Go controller",
  },
  "system-upgrade-controller": {
    cpuMilli: 10, memoryMiB: 32, replicas: 1,
    source: "estimate: the chart sets no requests; one small Go controller, idle between upgrades",
  },
};

/** Pods an operator runs for one custom resource the plan holds: their size is in the object's spec. */
export interface OperatedPods {
  /** Where each container's `requests` (and `limits`) are in the spec: the main one and its sidecars. */
  readonly containers: readonly string[];
  /** The spec's replica count; one pod when absent. */
  readonly replicas: string;
  /** Where the figures come from. */
  readonly source: string;
}

const VM_SOURCE =
  "the object's spec.resources and spec.configReloaderResources (the operator's config-reloader sidecar), as VictoriaMetrics operator v0.74.0 builds the pod (components/platform/monitoring.ts MONITORING_FOOTPRINT)";

/**
 * Custom resources whose operator runs pods sized by the object itself: the plan sees the object,
 * so the planner counts what it asks for, from the very values the cluster receives.
 */
export const OPERATED_PODS: Readonly<Record<string, OperatedPods>> = {
  "kubernetes:operator.victoriametrics.com/v1beta1:VMSingle": { containers: ["resources", "configReloaderResources"], replicas: "replicaCount", source: VM_SOURCE },
  "kubernetes:operator.victoriametrics.com/v1beta1:VMAlert": { containers: ["resources", "configReloaderResources"], replicas: "replicaCount", source: VM_SOURCE },
  "kubernetes:operator.victoriametrics.com/v1beta1:VMAlertmanager": { containers: ["resources", "configReloaderResources"], replicas: "replicaCount", source: VM_SOURCE },
};
