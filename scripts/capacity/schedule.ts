import { PoolIndex } from "./node-index";
import type { Amount } from "./reserves";

/**
 * Where pods go, as kube-scheduler places them with its default plugins
 * (kubernetes/kubernetes pkg/scheduler/apis/config/v1/default_plugins.go):
 *
 * - Filter: taints and node selectors (TaintToleration, NodeAffinity), room (NodeResourcesFit),
 *   a workload's own hard rules: a required anti-affinity to its pods or a DoNotSchedule spread over
 *   hostnames (at most `maxPerNode` on a node), a required affinity to another workload's pods on
 *   the same hostname (`colocateWith`).
 * - Score, among the nodes left: NodeResourcesFit's LeastAllocated and
 *   NodeResourcesBalancedAllocation (weight 1 each: node-index.ts), PodTopologySpread (weight 2:
 *   the system default constraints, hostname maxSkew 3 and zone maxSkew 5, ScheduleAnyway, for a pod
 *   of a ReplicaSet or StatefulSet without constraints of its own;
 *   pkg/scheduler/framework/plugins/podtopologyspread/plugin.go and scoring.go) and InterPodAffinity
 *   (weight 2: preferred anti-affinity to its own pods, CloudNativePG's default). The highest score
 *   wins; ties go to the first node in pool order, where the scheduler would pick at random.
 *
 * Not modelled: ImageLocality (which images a node holds is not known before it runs), the
 * scheduler's default requests for pods that request nothing (100m, 200 MiB for scoring only), and
 * percentageOfNodesToScore (it only thins the search on clusters of hundreds of nodes).
 */

/** A node a pod may land on. */
export interface PackNode {
  readonly name: string;
  readonly pool: string;
  /**
   * Its zone. The hcloud cloud controller labels a node `topology.kubernetes.io/zone` with its
   * location's one datacentre (hetznercloud/hcloud-cloud-controller-manager v1.35.0
   * hcloud/instances.go, legacydatacenter.NameFromLocation): one zone per location.
   */
  readonly zone: string;
  /** What it offers pods: its capacity less the system reserve. */
  readonly allocatable: Amount;
  /** What its DaemonSets request before any other pod. */
  readonly daemons: Amount;
  /** `jardin/tenant=<id>:NoSchedule` on a dedicated pool's nodes, which also carry that label. */
  readonly dedicatedTo: string | undefined;
}

/** A workload's own placement rules, as its manifest declares them. */
export interface SchedulingRules {
  /** Hard: at most this many of its pods on one node. */
  readonly maxPerNode: number | undefined;
  /** The scheduler's system default spread applies (a ReplicaSet's or StatefulSet's pod with no constraints of its own). */
  readonly defaultSpread: boolean;
  /** Preferred anti-affinity to its own pods on one hostname: the term's weight, 0 for none. */
  readonly apartWeight: number;
  /** The group whose node it must share (required pod affinity on the hostname). */
  readonly colocateWith: string | undefined;
}

export const NO_RULES: SchedulingRules = { maxPerNode: undefined, defaultSpread: false, apartWeight: 0, colocateWith: undefined };

/** One pod to place. Pods of one group are replicas of one workload. */
export interface PackPod {
  readonly group: string;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  readonly selectsTenantPool: string | undefined;
  readonly toleratesTenantPools: readonly string[];
  readonly rules: SchedulingRules;
}

export interface Schedule {
  /** Pods on each node, by node name. */
  readonly placed: ReadonlyMap<string, readonly PackPod[]>;
  readonly unplaced: readonly PackPod[];
  /**
   * Pools where losing one node leaves some of its pods nowhere to go once the scheduler places
   * them again on the nodes left (the others keep their pods), with the first such node.
   */
  readonly lossRefused: ReadonlyMap<string, string>;
}

/** Taints and node selectors, as the scheduler reads them. */
export function canRunOn(pod: Pick<PackPod, "selectsTenantPool" | "toleratesTenantPools">, node: Pick<PackNode, "dedicatedTo">): boolean {
  if (node.dedicatedTo !== undefined && !pod.toleratesTenantPools.some((t) => t === node.dedicatedTo || t === "*")) return false;
  if (pod.selectsTenantPool !== undefined && node.dedicatedTo !== pod.selectsTenantPool) return false;
  return true;
}

/**
 * Places the pods one at a time, the largest first (by its larger share of the biggest node), pods
 * that must join another workload's node after all others, as the scheduler would place each. A
 * real cluster takes pods in the order they are created, which no plan knows; largest first is
 * deterministic and strands the least room. Then, with `checkLoss`, each node in turn is lost: its
 * pods are placed again on the others, as the scheduler would after their eviction.
 */
export function schedule(pods: readonly PackPod[], nodes: readonly PackNode[], options: { readonly checkLoss: boolean }): Schedule {
  const cluster = new ClusterState(nodes);
  const queue = queueOrder(nodes);
  const unplaced: PackPod[] = [];
  for (const pod of queue(pods)) {
    const at = cluster.place(pod);
    if (at === undefined) unplaced.push(pod);
  }
  const lossRefused = new Map<string, string>();
  if (options.checkLoss) {
    if (unplaced.length > 0) {
      // Nothing survives a loss that does not fit whole: every pool fails, as before it.
      for (const node of nodes) if (!lossRefused.has(node.pool)) lossRefused.set(node.pool, node.name);
    } else {
      nodes.forEach((node, i) => {
        if (lossRefused.has(node.pool)) return;
        if (!cluster.survivesLossOf(i, queue)) lossRefused.set(node.pool, node.name);
      });
    }
  }
  return { placed: new Map(nodes.map((n, i) => [n.name, cluster.podsOn[i]!])), unplaced, lossRefused };
}

/** The order pods are taken in: by size on these nodes, pods that join another's node last. */
function queueOrder(nodes: readonly PackNode[]): (pods: readonly PackPod[]) => PackPod[] {
  const maxCpu = nodes.reduce((m, n) => Math.max(m, n.allocatable.cpuMilli), 1);
  const maxMemory = nodes.reduce((m, n) => Math.max(m, n.allocatable.memoryMiB), 1);
  const size = (p: PackPod) => Math.max(p.cpuMilli / maxCpu, p.memoryMiB / maxMemory);
  const last = (p: PackPod) => (p.rules.colocateWith === undefined ? 0 : 1);
  return (pods) =>
    pods
      .map((pod, index) => ({ pod, index }))
      .sort((a, b) => last(a.pod) - last(b.pod) || size(b.pod) - size(a.pod) || (a.pod.group < b.pod.group ? -1 : a.pod.group > b.pod.group ? 1 : 0) || a.index - b.index)
      .map((e) => e.pod);
}

interface Candidate {
  readonly node: number;
  /** The larger of CPU and memory requested over allocatable once the pod is there. */
  readonly share: number;
}

const NONE: readonly number[] = [];

/** The scheduler's weights (default_plugins.go). */
const WEIGHT = { resources: 1, spread: 2, interPod: 2 } as const;
const MAX_NODE_SCORE = 100;
/** The system default spread: hostname maxSkew 3, zone maxSkew 5 (podtopologyspread/plugin.go). */
const DEFAULT_SKEW = { hostname: 3, zone: 5 } as const;

interface PoolState {
  readonly key: string;
  /** One of its nodes: they share their size, zone and taints. */
  readonly sample: PackNode;
  /** Its nodes not lost. */
  alive: number;
}

class ClusterState {
  readonly podsOn: PackPod[][];
  private readonly usedCpu: Float64Array;
  private readonly usedMemory: Float64Array;
  private readonly alive: boolean[];
  private readonly indexes = new Map<string, PoolIndex>();
  private readonly poolOf: string[];
  private readonly pools: PoolState[] = [];
  private readonly poolByKey = new Map<string, PoolState>();
  /** Nodes holding each group's pods, with how many. */
  private readonly hosts = new Map<string, Map<number, number>>();
  /** Each group's pods per zone. */
  private readonly zoneCounts = new Map<string, Map<string, number>>();
  private readonly poolsFor = new Map<string, { readonly list: readonly PoolState[]; readonly keys: ReadonlySet<string> }>();

  constructor(private readonly nodes: readonly PackNode[]) {
    this.podsOn = nodes.map(() => []);
    this.usedCpu = Float64Array.from(nodes, (n) => n.daemons.cpuMilli);
    this.usedMemory = Float64Array.from(nodes, (n) => n.daemons.memoryMiB);
    this.alive = nodes.map(() => true);
    this.poolOf = nodes.map((n) => n.pool);
    nodes.forEach((node, i) => {
      let pool = this.poolByKey.get(node.pool);
      if (pool === undefined) {
        this.pools.push((pool = { key: node.pool, sample: node, alive: 0 }));
        this.poolByKey.set(node.pool, pool);
      }
      pool.alive++;
      let index = this.indexes.get(node.pool);
      if (index === undefined) this.indexes.set(node.pool, (index = new PoolIndex(node.allocatable.cpuMilli, node.allocatable.memoryMiB)));
      index.set(i, this.usedCpu[i]!, this.usedMemory[i]!);
    });
  }

  /** Places a pod where the scheduler would; undefined when no node may take it. */
  place(pod: PackPod): number | undefined {
    const candidates = this.candidates(pod);
    if (candidates.length === 0) return undefined;
    const chosen = this.best(pod, candidates);
    this.add(pod, chosen);
    return chosen;
  }

  /** Whether the pods of node `lost` all find room on the others; the state is the same after. */
  survivesLossOf(lost: number, order: (pods: readonly PackPod[]) => PackPod[]): boolean {
    const evicted = this.podsOn[lost]!;
    if (evicted.length === 0) return true;
    this.alive[lost] = false;
    this.poolByKey.get(this.poolOf[lost]!)!.alive--;
    this.indexes.get(this.poolOf[lost]!)!.remove(lost);
    for (const pod of evicted) this.count(pod, lost, -1);
    const moved: [PackPod, number][] = [];
    let survives = true;
    for (const pod of order(evicted)) {
      const at = this.place(pod);
      if (at === undefined) {
        survives = false;
        break;
      }
      moved.push([pod, at]);
    }
    for (const [pod, at] of moved.reverse()) this.take(pod, at);
    this.alive[lost] = true;
    this.poolByKey.get(this.poolOf[lost]!)!.alive++;
    for (const pod of evicted) this.count(pod, lost, +1);
    this.indexes.get(this.poolOf[lost]!)!.set(lost, this.usedCpu[lost]!, this.usedMemory[lost]!);
    return survives;
  }

  private fits(pod: PackPod, i: number): boolean {
    const node = this.nodes[i]!;
    return this.usedCpu[i]! + pod.cpuMilli <= node.allocatable.cpuMilli && this.usedMemory[i]! + pod.memoryMiB <= node.allocatable.memoryMiB;
  }

  private shareAfter(pod: PackPod, i: number): number {
    const node = this.nodes[i]!;
    return Math.max(
      (this.usedCpu[i]! + pod.cpuMilli) / Math.max(1, node.allocatable.cpuMilli),
      (this.usedMemory[i]! + pod.memoryMiB) / Math.max(1, node.allocatable.memoryMiB),
    );
  }

  private allowedPools(pod: PackPod) {
    const kind = `${pod.selectsTenantPool ?? ""}/${pod.toleratesTenantPools.join(",")}`;
    let pools = this.poolsFor.get(kind);
    if (pools === undefined) {
      const list = this.pools.filter((p) => canRunOn(pod, p.sample));
      this.poolsFor.set(kind, (pools = { list, keys: new Set(list.map((p) => p.key)) }));
    }
    return pools;
  }

  /** The nodes that pass the filters, one per class of nodes that score alike, plus every node holding its group. */
  private candidates(pod: PackPod): Candidate[] {
    const { list: pools, keys: allowed } = this.allowedPools(pod);
    const candidates: Candidate[] = [];
    const { colocateWith, maxPerNode } = pod.rules;
    if (colocateWith !== undefined) {
      for (const [i] of this.hosts.get(colocateWith) ?? []) {
        if (this.alive[i] && allowed.has(this.poolOf[i]!) && this.fits(pod, i) && this.belowMax(pod, i, maxPerNode)) {
          candidates.push({ node: i, share: this.shareAfter(pod, i) });
        }
      }
      return candidates;
    }
    const own = this.hosts.get(pod.group);
    for (const pool of pools) {
      const index = this.indexes.get(pool.key)!;
      // Nodes holding the group score apart (spread, anti-affinity): each is weighed on its own.
      const aside = own === undefined || own.size === 0 ? NONE : [...own.keys()].filter((i) => this.poolOf[i] === pool.key && this.alive[i]);
      for (const i of aside) index.remove(i);
      const best = index.best(pod.cpuMilli, pod.memoryMiB);
      for (const i of aside) index.set(i, this.usedCpu[i]!, this.usedMemory[i]!);
      if (best !== undefined && this.fits(pod, best.id)) candidates.push({ node: best.id, share: best.share });
      for (const i of aside) {
        if (this.fits(pod, i) && this.belowMax(pod, i, maxPerNode)) candidates.push({ node: i, share: this.shareAfter(pod, i) });
      }
    }
    return candidates;
  }

  private belowMax(pod: PackPod, i: number, max: number | undefined): boolean {
    return max === undefined || (this.hosts.get(pod.group)?.get(i) ?? 0) < max;
  }

  /**
   * The candidate with the highest weighted score. Nodes outside the group's hosts with the same
   * zone count score alike on spread, so the best of each pool stands for all of them in the
   * spread's normalisation (its minimum and maximum over the filtered nodes).
   */
  private best(pod: PackPod, candidates: readonly Candidate[]): number {
    const own = this.hosts.get(pod.group);
    const spread = pod.rules.defaultSpread ? this.spreadScores(pod, candidates) : undefined;
    const apart = pod.rules.apartWeight > 0 ? apartScores(candidates.map((c) => -2 * pod.rules.apartWeight * (own?.get(c.node) ?? 0))) : undefined;
    let chosen = candidates[0]!;
    let chosenScore = -Infinity;
    candidates.forEach((c, k) => {
      const score =
        WEIGHT.resources * (2 * MAX_NODE_SCORE - MAX_NODE_SCORE * c.share) + WEIGHT.spread * (spread?.[k] ?? 0) + WEIGHT.interPod * (apart?.[k] ?? 0);
      if (score > chosenScore || (score === chosenScore && c.node < chosen.node)) {
        chosen = c;
        chosenScore = score;
      }
    });
    return chosen.node;
  }

  /** PodTopologySpread's normalised scores for the system default constraints (scoring.go). */
  private spreadScores(pod: PackPod, candidates: readonly Candidate[]): number[] {
    const pools = this.allowedPools(pod).list;
    // Hostname's weight counts the filtered nodes; the nodes of the allowed pools stand for them.
    const nodeCount = pools.reduce((sum, p) => sum + p.alive, 0);
    const zoneCount = new Set(pools.map((p) => p.sample.zone)).size;
    const hostWeight = Math.log(nodeCount + 2);
    const zoneWeight = Math.log(zoneCount + 2);
    const own = this.hosts.get(pod.group);
    const zones = this.zoneCounts.get(pod.group);
    const raw = candidates.map((c) =>
      Math.round(
        (own?.get(c.node) ?? 0) * hostWeight + (DEFAULT_SKEW.hostname - 1) + (zones?.get(this.nodes[c.node]!.zone) ?? 0) * zoneWeight + (DEFAULT_SKEW.zone - 1),
      ),
    );
    const max = Math.max(...raw);
    const min = Math.min(...raw);
    return raw.map((s) => (max === 0 ? MAX_NODE_SCORE : Math.floor((MAX_NODE_SCORE * (max + min - s)) / max)));
  }

  private add(pod: PackPod, i: number): void {
    this.podsOn[i]!.push(pod);
    this.move(pod, i, +1);
  }

  private take(pod: PackPod, i: number): void {
    const pods = this.podsOn[i]!;
    pods.splice(pods.lastIndexOf(pod), 1);
    this.move(pod, i, -1);
  }

  private move(pod: PackPod, i: number, sign: 1 | -1): void {
    this.usedCpu[i] = this.usedCpu[i]! + sign * pod.cpuMilli;
    this.usedMemory[i] = this.usedMemory[i]! + sign * pod.memoryMiB;
    this.indexes.get(this.poolOf[i]!)!.set(i, this.usedCpu[i]!, this.usedMemory[i]!);
    this.count(pod, i, sign);
  }

  private count(pod: PackPod, i: number, sign: 1 | -1): void {
    bump(this.hosts, pod.group, i, sign);
    bump(this.zoneCounts, pod.group, this.nodes[i]!.zone, sign);
  }
}

function bump<K>(counts: Map<string, Map<K, number>>, group: string, key: K, sign: 1 | -1): void {
  let byKey = counts.get(group);
  if (byKey === undefined) counts.set(group, (byKey = new Map()));
  const next = (byKey.get(key) ?? 0) + sign;
  if (next === 0) byKey.delete(key);
  else byKey.set(key, next);
}

/** InterPodAffinity's normalisation: (score − min) / (max − min) × 100 (interpodaffinity/scoring.go). */
function apartScores(raw: readonly number[]): number[] {
  const max = Math.max(...raw);
  const min = Math.min(...raw);
  return raw.map((s) => (max === min ? 0 : Math.floor((MAX_NODE_SCORE * (s - min)) / (max - min))));
}
