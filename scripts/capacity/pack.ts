/** A node a pod may land on, with what is left for pods once the system has its share. */
export interface PackNode {
  readonly name: string;
  readonly pool: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  /** `jardin/tenant=<id>:NoSchedule` on a dedicated pool's nodes, which also carry that label. */
  readonly dedicatedTo: string | undefined;
}

/** One pod to place. Pods of one group (replicas of a workload) go to distinct nodes. */
export interface PackPod {
  readonly group: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly selectsTenantPool: string | undefined;
  readonly toleratesTenantPools: readonly string[];
}

export interface Packing {
  /** Pods on each node, by node name. */
  readonly placed: ReadonlyMap<string, readonly PackPod[]>;
  readonly unplaced: readonly PackPod[];
}

/** Taints and node selectors, as the scheduler reads them. */
export function canRunOn(pod: PackPod, node: PackNode): boolean {
  if (node.dedicatedTo !== undefined && !pod.toleratesTenantPools.some((t) => t === node.dedicatedTo || t === "*")) return false;
  if (pod.selectsTenantPool !== undefined && node.dedicatedTo !== pod.selectsTenantPool) return false;
  return true;
}

/**
 * First-fit decreasing on two dimensions: the pods, largest first by their larger share of the
 * biggest node (CPU or memory), each onto the first node, in the given order, that tolerates it,
 * has room, and holds no other replica of its workload. Deterministic: ties keep group order.
 */
export function pack(pods: readonly PackPod[], nodes: readonly PackNode[]): Packing {
  const maxCpu = Math.max(1, ...nodes.map((n) => n.cpuMilli));
  const maxMemory = Math.max(1, ...nodes.map((n) => n.memoryMiB));
  const size = (p: PackPod) => Math.max(p.cpuMilli / maxCpu, p.memoryMiB / maxMemory);
  const order = pods
    .map((pod, index) => ({ pod, index }))
    .sort((a, b) => size(b.pod) - size(a.pod) || (a.pod.group < b.pod.group ? -1 : a.pod.group > b.pod.group ? 1 : 0) || a.index - b.index);

  const free = nodes.map((n) => ({ node: n, cpu: n.cpuMilli, memory: n.memoryMiB, groups: new Set<string>(), pods: [] as PackPod[], closed: false }));
  // A node with less room than the smallest pod needs is closed, never looked at again.
  const smallestCpu = Math.min(...pods.map((p) => p.cpuMilli));
  const smallestMemory = Math.min(...pods.map((p) => p.memoryMiB));
  // Pods alike (the same requests, selector and tolerations: one app's pods in every tenant) are
  // refused by the same nodes for want of room or tolerance, and for good, since room only shrinks.
  // Each kind remembers where its search may start: first fit still, without rescanning thousands
  // of full nodes for every pod of a thousand tenants.
  const startOf = new Map<string, number>();
  const unplaced: PackPod[] = [];
  for (const { pod } of order) {
    const kind = `${pod.cpuMilli}/${pod.memoryMiB}/${pod.selectsTenantPool ?? ""}/${pod.toleratesTenantPools.join(",")}`;
    let start = startOf.get(kind) ?? 0;
    let refusedSoFar = true;
    let slot: (typeof free)[number] | undefined;
    for (let i = start; i < free.length; i++) {
      const f = free[i]!;
      if (f.closed || !canRunOn(pod, f.node) || f.cpu < pod.cpuMilli || f.memory < pod.memoryMiB) {
        if (refusedSoFar) start = i + 1;
        continue;
      }
      // Another replica of this workload is there: this pod only, not its kind, is refused.
      if (f.groups.has(pod.group)) {
        refusedSoFar = false;
        continue;
      }
      slot = f;
      break;
    }
    startOf.set(kind, start);
    if (slot === undefined) {
      unplaced.push(pod);
      continue;
    }
    slot.cpu -= pod.cpuMilli;
    slot.memory -= pod.memoryMiB;
    slot.groups.add(pod.group);
    slot.pods.push(pod);
    if (slot.cpu < smallestCpu || slot.memory < smallestMemory) slot.closed = true;
  }
  return { placed: new Map(free.map((f) => [f.node.name, f.pods])), unplaced };
}
