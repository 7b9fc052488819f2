/**
 * The nodes of one pool, indexed for the kube-scheduler's resource scores.
 *
 * With two resources of weight 1 (the defaults), NodeResourcesFit's LeastAllocated score is
 * 100 − 50·(x + y) and NodeResourcesBalancedAllocation's is 100 − 50·|x − y|, x and y being the
 * node's CPU and memory requested over allocatable once the pod is on it. Their sum is
 * 200 − 100·max(x, y): the preferred node is the one whose larger share, after the pod, is the
 * smallest. (kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/least_allocated.go
 * and balanced_allocation.go; both weight 1 in pkg/scheduler/apis/config/v1/default_plugins.go.)
 *
 * On nodes of one size, in CPU units (memory scaled by CPU/memory allocatable), that is the node
 * minimising max(u + p, w + q) for a pod (p, q) on a node using (u, w). Nodes are kept in a treap
 * ordered by d = u − w: where d ≥ q − p the larger term is u + p, elsewhere w + q, so the best node
 * is the smaller of the least u among d ≥ q − p and the least w among d < q − p, each found in
 * O(log n) from minima kept per subtree. Thousands of nodes are searched without a scan.
 */
export class PoolIndex {
  private root: TreapNode | undefined;
  private readonly byId = new Map<number, TreapNode>();
  /** Memory in CPU units: a node's allocatable memory weighs as much as its allocatable CPU. */
  private readonly memoryScale: number;

  constructor(private readonly allocatableCpu: number, allocatableMemory: number) {
    this.memoryScale = allocatableCpu / Math.max(1, allocatableMemory);
  }

  get size(): number {
    return this.byId.size;
  }

  /** Adds a node (or moves it, if present) with what its pods request. */
  set(id: number, usedCpu: number, usedMemory: number): void {
    const w = usedMemory * this.memoryScale;
    // A node moved is the same object, unlinked and linked again: no garbage per move.
    let node = this.byId.get(id);
    if (node === undefined) {
      node = { id, u: 0, w: 0, d: 0, priority: priorityOf(id), left: undefined, right: undefined, minU: 0, minUId: id, minW: 0, minWId: id };
      this.byId.set(id, node);
    } else {
      this.unlink(node);
    }
    node.u = usedCpu;
    node.w = w;
    node.d = usedCpu - w;
    node.left = undefined;
    node.right = undefined;
    refresh(node);
    const [less, more] = split(this.root, node.d, node.id);
    this.root = merge(merge(less, node), more);
  }

  remove(id: number): void {
    const node = this.byId.get(id);
    if (node === undefined) return;
    this.unlink(node);
    this.byId.delete(id);
  }

  private unlink(node: TreapNode): void {
    const [less, rest] = split(this.root, node.d, node.id);
    const [, more] = split(rest, node.d, node.id + 1);
    this.root = merge(less, more);
  }

  /**
   * The node whose larger share (CPU or memory requested over allocatable) is smallest once a pod
   * of these requests is on it, with that share; ties go to the lowest id. Whether the pod fits
   * there is the caller's to check: if it does not fit on this node, it fits on none of the pool.
   */
  best(cpu: number, memory: number): { readonly id: number; readonly share: number } | undefined {
    const q = memory * this.memoryScale;
    const threshold = q - cpu;
    const byCpu = leastUFrom(this.root, threshold);
    const byMemory = leastWBelow(this.root, threshold);
    const cpuValue = byCpu === undefined ? Infinity : byCpu.value + cpu;
    const memoryValue = byMemory === undefined ? Infinity : byMemory.value + q;
    if (byCpu === undefined && byMemory === undefined) return undefined;
    const pick =
      cpuValue < memoryValue || (cpuValue === memoryValue && byCpu!.id < byMemory!.id)
        ? { id: byCpu!.id, value: cpuValue }
        : { id: byMemory!.id, value: memoryValue };
    return { id: pick.id, share: pick.value / Math.max(1, this.allocatableCpu) };
  }
}

interface Least {
  value: number;
  id: number;
}

interface TreapNode {
  readonly id: number;
  u: number;
  w: number;
  d: number;
  readonly priority: number;
  left: TreapNode | undefined;
  right: TreapNode | undefined;
  /** The least u (CPU used) in this subtree, and its node (numbers, not objects: no garbage per move). */
  minU: number;
  minUId: number;
  /** The least w (memory used, in CPU units) in this subtree, and its node. */
  minW: number;
  minWId: number;
}

/** A fixed pseudo-random priority per id: the same nodes always make the same tree. */
function priorityOf(id: number): number {
  let x = Math.imul(id + 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const precedes = (value: number, id: number, thanValue: number, thanId: number) => value < thanValue || (value === thanValue && id < thanId);

function refresh(node: TreapNode): void {
  let u = node.u;
  let uId = node.id;
  let w = node.w;
  let wId = node.id;
  for (const child of [node.left, node.right]) {
    if (child === undefined) continue;
    if (precedes(child.minU, child.minUId, u, uId)) (u = child.minU), (uId = child.minUId);
    if (precedes(child.minW, child.minWId, w, wId)) (w = child.minW), (wId = child.minWId);
  }
  node.minU = u;
  node.minUId = uId;
  node.minW = w;
  node.minWId = wId;
}

/** Keeps the lesser of `found` and (value, id) in `found`, making it on first use. */
function keepLeast(found: Least | undefined, value: number, id: number): Least {
  if (found === undefined) return { value, id };
  if (precedes(value, id, found.value, found.id)) (found.value = value), (found.id = id);
  return found;
}

const before = (node: TreapNode, d: number, id: number) => node.d < d || (node.d === d && node.id < id);

/** The nodes ordered before (d, id), and the others. */
function split(node: TreapNode | undefined, d: number, id: number): [TreapNode | undefined, TreapNode | undefined] {
  if (node === undefined) return [undefined, undefined];
  if (before(node, d, id)) {
    const [less, more] = split(node.right, d, id);
    node.right = less;
    refresh(node);
    return [node, more];
  }
  const [less, more] = split(node.left, d, id);
  node.left = more;
  refresh(node);
  return [less, node];
}

/** Joins two treaps, every node of `a` ordered before every node of `b`. */
function merge(a: TreapNode | undefined, b: TreapNode | undefined): TreapNode | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.priority > b.priority) {
    a.right = merge(a.right, b);
    refresh(a);
    return a;
  }
  b.left = merge(a, b.left);
  refresh(b);
  return b;
}

/** The least u among nodes with d ≥ threshold. */
function leastUFrom(node: TreapNode | undefined, threshold: number): Least | undefined {
  let found: Least | undefined;
  while (node !== undefined) {
    if (node.d >= threshold) {
      found = keepLeast(found, node.u, node.id);
      if (node.right !== undefined) found = keepLeast(found, node.right.minU, node.right.minUId);
      node = node.left;
    } else {
      node = node.right;
    }
  }
  return found;
}

/** The least w among nodes with d < threshold. */
function leastWBelow(node: TreapNode | undefined, threshold: number): Least | undefined {
  let found: Least | undefined;
  while (node !== undefined) {
    if (node.d < threshold) {
      found = keepLeast(found, node.w, node.id);
      if (node.left !== undefined) found = keepLeast(found, node.left.minW, node.left.minWId);
      node = node.right;
    } else {
      node = node.left;
    }
  }
  return found;
}
