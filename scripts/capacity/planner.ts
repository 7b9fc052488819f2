import type { Fleet } from "../../model/fleet";
import { MAX_SERVERS_PER_PLACEMENT_GROUP, type EuLocation, type ServerType } from "../../model/hetzner";
import { HETZNER_PRICES, serverMonthly, type PriceTable } from "../../model/hetzner-prices";
import { SERVER_TYPE_SPECS } from "../../model/hetzner-server-types";
import { clusterNodePools } from "../../model/node-pools";
import type { Tenant } from "../../model/tenant";
import { canRunOn, schedule, type PackNode, type PackPod } from "./schedule";
import { systemReserve, type Amount } from "./reserves";
import type { PodGroup, SnapshotWorkloads } from "./workloads";

/**
 * Decision: k3s servers run the control plane only. jardin taints them
 * `CriticalAddonsOnly=true:NoExecute` (https://docs.k3s.io/datastore/ha#2-launch-server-nodes), so
 * etcd and the API server keep their headroom when a tenant's pods grow; the planner gives them
 * no pod. Worker pools take every other pod; a dedicated pool only its tenant's.
 */
export type PoolKind = "control-plane" | "shared" | "dedicated";

/** A pool as the planner sees it: from the fleet file, or from a tenant's `plan: dedicated`. */
export interface PlannedPool {
  readonly key: string;
  readonly kind: PoolKind;
  /** The tenant a dedicated pool belongs to. */
  readonly tenant: string | undefined;
  readonly serverType: ServerType;
  readonly count: number;
  readonly location: EuLocation;
  /** Why the fleet file lets it stay under-used. */
  readonly lowUtilisationReason: string | undefined;
}

export interface PoolCapacity extends PlannedPool {
  /** Per node, after the system reserve. */
  readonly allocatable: Amount;
  /** Requests placed on the pool's nodes at its declared size. */
  readonly requested: Amount;
  readonly pods: number;
  /** Requested over allocatable, 0..1 (or more when it does not fit). */
  readonly utilisation: { readonly cpu: number; readonly memory: number };
  /** The smallest count with which everything fits after losing one of its nodes. */
  readonly needed: number;
  /** Utilisation at `needed`. */
  readonly neededUtilisation: { readonly cpu: number; readonly memory: number };
  /** A cheaper type that would do, at its own smallest N+1 count. */
  readonly cheaper: { readonly serverType: ServerType; readonly count: number; readonly monthly: number; readonly currentMonthly: number } | undefined;
}

export interface ClusterCapacity {
  readonly cluster: string;
  readonly pools: readonly PoolCapacity[];
  /** Everything fits at the declared sizes. */
  readonly fits: boolean;
  /** Pools that would not hold their pods after losing their largest node. */
  readonly notSurvivingNodeLoss: readonly string[];
  /** Why the plan fails, with the fix; empty when it does not. */
  readonly problems: readonly string[];
  /** What the reader should know but does not fail the plan. */
  readonly notes?: readonly string[];
  /** What the gardeners should change, though the plan goes on: a pool under-used without a reason. */
  readonly warnings?: readonly string[];
}

export interface CapacityInput {
  readonly fleet: Fleet;
  readonly tenants: readonly Pick<Tenant, "id" | "cluster" | "plan" | "state">[];
  readonly workloads: SnapshotWorkloads;
  /** @default HETZNER_PRICES */
  readonly prices?: PriceTable;
}

/**
 * Utilisation, as memory requests over allocatable at a pool's declared size. The fleet aims at
 * UTILISATION_TARGET on its shared workers with N+1; under UTILISATION_FLOOR the plan warns, unless
 * the pool says why (a dedicated pool's isolation, a location kept for availability).
 */
export const UTILISATION_TARGET = 0.6;
export const UTILISATION_FLOOR = 0.4;

/** Shared workers a cluster keeps, however idle (high availability). */
const MIN_SHARED_WORKERS = 2;

/** Adding more servers than this to a cluster is not a plan; the message says to split the work. */
const MAX_ADDED = 500;

/** Pools of every cluster, packed with its pods at the declared sizes and at the smallest N+1 sizes. */
export function planCapacity(input: CapacityInput): ClusterCapacity[] {
  const prices = input.prices ?? HETZNER_PRICES;
  return Object.entries(input.fleet.clusters)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, spec]) => {
      const pools = poolsOf(name, spec, input.tenants);
      const groups = input.workloads.pods.filter((p) => p.cluster === name);
      const capacity = clusterCapacity(name, pools, groups, prices);
      return { ...capacity, ...lowUtilisation(capacity, input.fleet.stack) };
    });
}

/** The cluster's pools as its machines are built (model/node-pools.ts), sorted by key. */
function poolsOf(cluster: string, spec: Fleet["clusters"][string], tenants: CapacityInput["tenants"]): PlannedPool[] {
  return clusterNodePools(cluster, spec, tenants)
    .map(({ key, role, tenant, serverType, count, location }) => ({
      key,
      lowUtilisationReason: spec.pools[key]?.lowUtilisationReason,
      kind: (tenant !== undefined ? "dedicated" : role === "control-plane" ? "control-plane" : "shared") as PoolKind,
      tenant,
      serverType,
      count,
      location,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

function clusterCapacity(cluster: string, pools: readonly PlannedPool[], groups: readonly PodGroup[], prices: PriceTable): ClusterCapacity {
  const schedulable = pools.filter((p) => p.kind !== "control-plane");
  const counts = new Map(schedulable.map((p) => [p.key, p.count]));
  const types = new Map(schedulable.map((p) => [p.key, p.serverType]));
  const problems: string[] = [];

  // The searches ask for the same layouts again and again: each is packed once.
  const packed = new Map<string, Evaluation>();
  const trial: Trial = (c, t) => {
    const key = JSON.stringify([[...c], [...t]]);
    let evaluation = packed.get(key);
    if (evaluation === undefined) packed.set(key, (evaluation = evaluate(schedulable, c, t, groups)));
    return evaluation;
  };
  const declared = trial(counts, types);

  // Pods no pool may take, whatever its size: a selector for a pool that does not exist, or a pod
  // larger than any node it tolerates.
  const probes = schedulable.map((p) => probeNode(p, types.get(p.key)!, groups));
  const homeless = declared.pods.filter(
    (pod) => !probes.some((node) => canRunOn(pod, node) && roomOf(node).cpuMilli >= pod.cpuMilli && roomOf(node).memoryMiB >= pod.memoryMiB),
  );
  for (const pod of dedupe(homeless)) {
    problems.push(
      `${cluster}: ${pod.group} (${pod.cpuMilli}m CPU, ${pod.memoryMiB} MiB) can run on no pool${pod.selectsTenantPool === undefined ? "" : ` (it selects the dedicated pool of "${pod.selectsTenantPool}")`}; give it a pool that tolerates it, or lower its requests`,
    );
  }

  const needed = smallestCounts(schedulable, counts, types, trial);
  const capacities: PoolCapacity[] = pools.map((pool) => {
    const allocatable = allocatableOf(pool.serverType);
    if (pool.kind === "control-plane") {
      return { ...pool, allocatable, requested: { cpuMilli: 0, memoryMiB: 0 }, pods: 0, utilisation: { cpu: 0, memory: 0 }, needed: pool.count, neededUtilisation: { cpu: 0, memory: 0 }, cheaper: undefined };
    }
    const requested = declared.requestedByPool.get(pool.key) ?? { cpuMilli: 0, memoryMiB: 0 };
    const neededCount = needed.counts.get(pool.key) ?? pool.count;
    const atNeeded = needed.result.requestedByPool.get(pool.key) ?? { cpuMilli: 0, memoryMiB: 0 };
    return {
      ...pool,
      allocatable,
      requested,
      pods: declared.podsByPool.get(pool.key) ?? 0,
      utilisation: ratio(requested, allocatable, pool.count),
      needed: neededCount,
      neededUtilisation: ratio(atNeeded, allocatable, neededCount),
      cheaper: requested.cpuMilli + requested.memoryMiB === 0 ? undefined : cheaperType(pool, requested, schedulable, needed.counts, types, trial, prices),
    };
  });

  const fits = declared.unplaced === 0;
  const notSurviving = schedulable.filter((p) => !survivesLoss(p.key, counts, types, trial)).map((p) => p.key);
  if (homeless.length === 0) {
    for (const pool of capacities) {
      if (pool.kind === "control-plane" || pool.needed <= pool.count) continue;
      const grow = pool.needed - pool.count;
      const why = fits ? "would not hold its pods after losing a node (N+1)" : "is over-committed: its pods do not fit";
      const where = pool.tenant === undefined ? "" : ` (tenants/${pool.tenant}.ts: plan.count)`;
      const split =
        pool.needed > MAX_SERVERS_PER_PLACEMENT_GROUP
          ? `, more than the ${MAX_SERVERS_PER_PLACEMENT_GROUP} a spread placement group holds: add a pool beside it, or use a larger server type`
          : "";
      problems.push(`${cluster}: pool ${pool.key} ${why}; grow it by ${grow} server${grow === 1 ? "" : "s"} to ${pool.needed} × ${pool.serverType}${where}${split}`);
    }
    if (needed.exhausted) problems.push(`${cluster}: its pods do not fit even with ${MAX_ADDED} more servers; split the cluster or use larger server types`);
  }
  return { cluster, pools: capacities, fits, notSurvivingNodeLoss: notSurviving, problems };
}

/**
 * Pools under UTILISATION_FLOOR of their memory at their declared size: a warning, or a note with
 * the reason the fleet file (or a tenant's dedicated plan) gives. A cluster that does not fit has
 * problems enough: its pools are not judged.
 */
function lowUtilisation(cluster: ClusterCapacity, stack: string): { notes?: string[]; warnings?: string[] } {
  if (cluster.problems.length > 0) return {};
  const notes: string[] = [];
  const warnings: string[] = [];
  for (const pool of cluster.pools) {
    if (pool.kind === "control-plane" || pool.utilisation.memory >= UTILISATION_FLOOR) continue;
    const head = `${cluster.cluster}: pool ${pool.key} uses ${Math.round(pool.utilisation.memory * 100)} % of its memory, below ${UTILISATION_FLOOR * 100} %`;
    if (pool.kind === "dedicated") {
      notes.push(`${head}: dedicated to ${pool.tenant}, whose isolation is what it pays for (tenants/${pool.tenant}.ts: plan.count; smallest with N+1: ${pool.needed})`);
    } else if (pool.lowUtilisationReason !== undefined) {
      notes.push(`${head}: ${pool.lowUtilisationReason}`);
    } else {
      const smaller =
        pool.needed < pool.count
          ? `lower its count to ${pool.needed} (the smallest with N+1)`
          : pool.cheaper !== undefined
            ? `use ${pool.cheaper.count} × ${pool.cheaper.serverType} instead`
            : "use a smaller server type";
      warnings.push(`${head}: ${smaller}, or say why in stacks/${stack}.ts (pools.${pool.key}.lowUtilisationReason)`);
    }
  }
  return { ...(notes.length > 0 ? { notes } : {}), ...(warnings.length > 0 ? { warnings } : {}) };
}

interface Evaluation {
  readonly pods: readonly PackPod[];
  readonly unplaced: number;
  readonly requestedByPool: ReadonlyMap<string, Amount>;
  readonly podsByPool: ReadonlyMap<string, number>;
  /** Requests of the pods that found no node, by the pool they would go to first. */
  readonly unplacedByPool: ReadonlyMap<string, Amount>;
  /** Pools where losing a node leaves pods with nowhere to go. */
  readonly lossRefused: ReadonlyMap<string, string>;
}

/** Places the cluster's pods on the pools at these counts and types, then loses each node in turn. */
function evaluate(
  pools: readonly PlannedPool[],
  counts: ReadonlyMap<string, number>,
  types: ReadonlyMap<string, ServerType>,
  groups: readonly PodGroup[],
): Evaluation {
  const nodes = pools.flatMap((pool) => Array.from({ length: counts.get(pool.key) ?? 0 }, (_, i) => nodeOf(pool, types.get(pool.key)!, i, groups)));
  const pods = groups.filter((g) => !g.perNode).flatMap((g) => Array.from({ length: g.replicas }, () => toPackPod(g)));
  const packing = schedule(pods, nodes, { checkLoss: true });
  const requestedByPool = new Map<string, Amount>();
  const podsByPool = new Map<string, number>();
  for (const node of nodes) {
    const placed = packing.placed.get(node.name) ?? [];
    const daemons = daemonLoad(node, groups);
    const before = requestedByPool.get(node.pool) ?? { cpuMilli: 0, memoryMiB: 0 };
    requestedByPool.set(node.pool, {
      cpuMilli: before.cpuMilli + daemons.cpuMilli + placed.reduce((s, p) => s + p.cpuMilli, 0),
      memoryMiB: before.memoryMiB + daemons.memoryMiB + placed.reduce((s, p) => s + p.memoryMiB, 0),
    });
    podsByPool.set(node.pool, (podsByPool.get(node.pool) ?? 0) + placed.length + daemons.pods);
  }
  // Unplaced pods count against the pool they would go to first, so utilisation shows the excess.
  const unplacedByPool = new Map<string, Amount>();
  const probes = pools.map((p) => ({ pool: p, node: probeNode(p, types.get(p.key)!, groups) }));
  for (const pod of packing.unplaced) {
    const home = probes.find((p) => canRunOn(pod, p.node))?.pool;
    if (home === undefined) continue;
    for (const byPool of [requestedByPool, unplacedByPool]) {
      const before = byPool.get(home.key) ?? { cpuMilli: 0, memoryMiB: 0 };
      byPool.set(home.key, { cpuMilli: before.cpuMilli + pod.cpuMilli, memoryMiB: before.memoryMiB + pod.memoryMiB });
    }
    podsByPool.set(home.key, (podsByPool.get(home.key) ?? 0) + 1);
  }
  return { pods, unplaced: packing.unplaced.length, requestedByPool, podsByPool, unplacedByPool, lossRefused: packing.lossRefused };
}

type Trial = (counts: ReadonlyMap<string, number>, types: ReadonlyMap<string, ServerType>) => Evaluation;

/** Whether the pods of any one node of this pool, lost, find room on the nodes left (given that all fit). */
function survivesLoss(pool: string, counts: ReadonlyMap<string, number>, types: ReadonlyMap<string, ServerType>, trial: Trial): boolean {
  return !trial(counts, types).lossRefused.has(pool);
}

function fitsWithN1(_pools: readonly PlannedPool[], counts: ReadonlyMap<string, number>, types: ReadonlyMap<string, ServerType>, trial: Trial): boolean {
  const evaluation = trial(counts, types);
  return evaluation.unplaced === 0 && evaluation.lossRefused.size === 0;
}

/**
 * The smallest count per pool that fits with N+1. Grow first: by as many servers as the pods left
 * over would fill (spread over the pools that may take them, the smallest first, so locations stay
 * balanced), then by one for a pool that fails N+1 only. Then shrink each pool in turn to the
 * smallest count, found by bisection, at which the whole cluster still fits with N+1; every count
 * kept has been packed and checked.
 */
function smallestCounts(
  pools: readonly PlannedPool[],
  declared: ReadonlyMap<string, number>,
  types: ReadonlyMap<string, ServerType>,
  trial: Trial,
): { counts: Map<string, number>; result: Evaluation; exhausted: boolean } {
  const counts = new Map(declared);
  const smallestFirst = (candidates: readonly PlannedPool[]) =>
    [...candidates].sort((a, b) => counts.get(a.key)! - counts.get(b.key)! || a.key.localeCompare(b.key));
  let added = 0;
  while (!fitsWithN1(pools, counts, types, trial) && added < MAX_ADDED) {
    const now = trial(counts, types);
    if (now.unplaced > 0) {
      const add = serversToAdd(now, pools, counts, types);
      // Pods no pool may take: more servers would not help (clusterCapacity says why).
      if (add.size === 0) break;
      for (const [key, servers] of add) {
        counts.set(key, counts.get(key)! + servers);
        added += servers;
      }
      continue;
    }
    const failing = pools.filter((p) => !survivesLoss(p.key, counts, types, trial));
    const grow = smallestFirst(failing.length > 0 ? failing : pools)[0];
    if (grow === undefined) break;
    counts.set(grow.key, counts.get(grow.key)! + 1);
    added++;
  }
  const exhausted = !fitsWithN1(pools, counts, types, trial);
  if (!exhausted) {
    for (const pool of pools) {
      const othersShared = pools.filter((p) => p.kind === "shared" && p.key !== pool.key).reduce((sum, p) => sum + counts.get(p.key)!, 0);
      // However idle, a cluster keeps two shared workers: one can be replaced while the other serves.
      const low = pool.kind === "dedicated" ? 2 : pool.kind === "shared" ? Math.max(1, MIN_SHARED_WORKERS - othersShared) : 1;
      counts.set(pool.key, smallestFitting(low, counts.get(pool.key)!, (n) => fitsWithN1(pools, new Map(counts).set(pool.key, n), types, trial)));
    }
  }
  return { counts, result: trial(counts, types), exhausted };
}

/**
 * Servers the pods left over would fill, shared out between the pools that may take them (the same
 * kind, the same tenant), one at a time to the smallest.
 */
function serversToAdd(
  now: Evaluation,
  pools: readonly PlannedPool[],
  counts: ReadonlyMap<string, number>,
  types: ReadonlyMap<string, ServerType>,
): Map<string, number> {
  const add = new Map<string, number>();
  for (const pool of pools) {
    const leftover = now.unplacedByPool.get(pool.key);
    if (leftover === undefined) continue;
    const per = allocatableOf(types.get(pool.key)!);
    let servers = Math.max(1, Math.ceil(Math.max(leftover.cpuMilli / Math.max(1, per.cpuMilli), leftover.memoryMiB / Math.max(1, per.memoryMiB))));
    const siblings = pools.filter((p) => p.kind === pool.kind && p.tenant === pool.tenant);
    const size = (p: PlannedPool) => counts.get(p.key)! + (add.get(p.key) ?? 0);
    for (; servers > 0; servers--) {
      const smallest = [...siblings].sort((a, b) => size(a) - size(b) || a.key.localeCompare(b.key))[0]!;
      add.set(smallest.key, (add.get(smallest.key) ?? 0) + 1);
    }
  }
  return add;
}

/** The cheapest orderable type of the same architecture that would do, if cheaper than now. */
function cheaperType(
  pool: PlannedPool,
  requested: Amount,
  pools: readonly PlannedPool[],
  counts: ReadonlyMap<string, number>,
  types: ReadonlyMap<string, ServerType>,
  trial: Trial,
  prices: PriceTable,
): PoolCapacity["cheaper"] {
  const current = serverMonthly(pool.serverType, pool.location, prices) * counts.get(pool.key)!;
  let best: PoolCapacity["cheaper"];
  const arch = SERVER_TYPE_SPECS[pool.serverType].arch;
  for (const [candidate, price] of Object.entries(prices.serverTypes) as [ServerType, { monthly: number; orderable: boolean }][]) {
    if (candidate === pool.serverType || !price.orderable || SERVER_TYPE_SPECS[candidate].arch !== arch) continue;
    const candidateTypes = new Map(types).set(pool.key, candidate);
    // No fewer nodes than the requests fill, plus the one N+1 loses: skips trials bound to fail.
    const per = allocatableOf(candidate);
    const lowest = Math.max(
      pool.kind === "dedicated" ? 2 : 1,
      Math.ceil(requested.cpuMilli / Math.max(1, per.cpuMilli)) + 1,
      Math.ceil(requested.memoryMiB / Math.max(1, per.memoryMiB)) + 1,
    );
    // The most servers that would still cost less than now (and than the best so far).
    const unit = serverMonthly(candidate, pool.location, prices);
    const ceiling = Math.ceil(Math.min(current, best?.monthly ?? Infinity) / unit) - 1;
    const fitsWith = (n: number) => fitsWithN1(pools, new Map(counts).set(pool.key, n), candidateTypes, trial);
    if (ceiling < lowest || !fitsWith(ceiling)) continue;
    const count = smallestFitting(lowest, ceiling, fitsWith);
    best = { serverType: candidate, count, monthly: round2(unit * count), currentMonthly: round2(current) };
  }
  return best;
}

/**
 * The smallest count in [low, high] that fits, `high` being known to fit and fitting being monotone
 * in the count. Bisection: packs log2(range) layouts, not range.
 */
function smallestFitting(low: number, high: number, fits: (count: number) => boolean): number {
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (fits(middle)) high = middle;
    else low = middle + 1;
  }
  return high;
}

/** What a node of this type offers pods: its vCPUs and memory less the system reserve. */
export function allocatableOf(type: ServerType): Amount {
  const spec = SERVER_TYPE_SPECS[type];
  const reserve = systemReserve(spec.vcpu, spec.memoryGiB);
  return { cpuMilli: spec.vcpu * 1000 - reserve.cpuMilli, memoryMiB: spec.memoryGiB * 1024 - reserve.memoryMiB };
}

function nodeOf(pool: PlannedPool, type: ServerType, index: number, groups: readonly PodGroup[]): PackNode {
  const node = { name: `${pool.key}-${index + 1}`, pool: pool.key, zone: pool.location, allocatable: allocatableOf(type), dedicatedTo: pool.tenant };
  const { cpuMilli, memoryMiB } = daemonLoad(node, groups);
  return { ...node, daemons: { cpuMilli, memoryMiB } };
}

/** What a node has left for pods once its DaemonSets run. */
function roomOf(node: PackNode): Amount {
  return { cpuMilli: node.allocatable.cpuMilli - node.daemons.cpuMilli, memoryMiB: node.allocatable.memoryMiB - node.daemons.memoryMiB };
}

function probeNode(pool: PlannedPool, type: ServerType, groups: readonly PodGroup[]): PackNode {
  return nodeOf(pool, type, 0, groups);
}

const daemonGroups = new WeakMap<readonly PodGroup[], readonly PodGroup[]>();

/** The DaemonSets among a cluster's pod groups, found once: every node of every trial asks. */
function daemonsAmong(groups: readonly PodGroup[]): readonly PodGroup[] {
  let daemons = daemonGroups.get(groups);
  if (daemons === undefined) daemonGroups.set(groups, (daemons = groups.filter((g) => g.perNode)));
  return daemons;
}

/** DaemonSet pods on a node: one of each that tolerates it. */
function daemonLoad(node: Pick<PackNode, "dedicatedTo">, groups: readonly PodGroup[]): Amount & { pods: number } {
  const daemons = daemonsAmong(groups).filter((g) => canRunOn(toPackPod(g), node));
  return {
    cpuMilli: daemons.reduce((s, g) => s + g.cpuMilli, 0),
    memoryMiB: daemons.reduce((s, g) => s + g.memoryMiB, 0),
    pods: daemons.length,
  };
}

const packPods = new WeakMap<PodGroup, PackPod>();

/** One pod of a group; its replicas share it, and every trial the same object. */
function toPackPod(group: PodGroup): PackPod {
  let pod = packPods.get(group);
  if (pod === undefined) packPods.set(group, (pod = packPodOf(group)));
  return pod;
}

function packPodOf(group: PodGroup): PackPod {
  const owner = group.tenant ?? "platform";
  return {
    group: `${owner}/${group.id}`,
    rules: { ...group.rules, colocateWith: group.rules.colocateWith === undefined ? undefined : `${owner}/${group.rules.colocateWith}` },
    cpuMilli: group.cpuMilli,
    memoryMiB: group.memoryMiB,
    selectsTenantPool: group.selectsTenantPool,
    toleratesTenantPools: group.toleratesTenantPools,
  };
}

function ratio(requested: Amount, allocatable: Amount, count: number): { cpu: number; memory: number } {
  return {
    cpu: count === 0 ? 0 : requested.cpuMilli / (allocatable.cpuMilli * count),
    memory: count === 0 ? 0 : requested.memoryMiB / (allocatable.memoryMiB * count),
  };
}

function dedupe(pods: readonly PackPod[]): PackPod[] {
  return [...new Map(pods.map((p) => [p.group, p])).values()];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
