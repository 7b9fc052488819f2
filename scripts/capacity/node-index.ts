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
    this.remove(id);
    const w = usedMemory * this.memoryScale;
    const node: TreapNode = { id, u: usedCpu, w, d: usedCpu - w, priority: priorityOf(id), left: undefined, right: undefined, minU: undefined!, minW: undefined! };
    refresh(node);
    const [less, more] = split(this.root, node.d, node.id);
    this.root = merge(merge(less, node), more);
    this.byId.set(id, node);
  }

  remove(id: number): void {
    const node = this.byId.get(id);
    if (node === undefined) return;
    const [less, rest] = split(this.root, node.d, node.id);
    const [, more] = split(rest, node.d, node.id + 1);
    this.root = merge(less, more);
    this.byId.delete(id);
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
  readonly value: number;
  readonly id: number;
}

interface TreapNode {
  readonly id: number;
  readonly u: number;
  readonly w: number;
  readonly d: number;
  readonly priority: number;
  left: TreapNode | undefined;
  right: TreapNode | undefined;
  /** The least u (CPU used) in this subtree, with its node. */
  minU: Least;
  /** The least w (memory used, in CPU units) in this subtree, with its node. */
  minW: Least;
}

/** A fixed pseudo-random priority per id: the same nodes always make the same tree. */
function priorityOf(id: number): number {
  let x = Math.imul(id + 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

const lesser = (a: Least | undefined, b: Least | undefined): Least | undefined =>
  a === undefined ? b : b === undefined ? a : b.value < a.value || (b.value === a.value && b.id < a.id) ? b : a;

function refresh(node: TreapNode): void {
  node.minU = lesser(lesser({ value: node.u, id: node.id }, node.left?.minU), node.right?.minU)!;
  node.minW = lesser(lesser({ value: node.w, id: node.id }, node.left?.minW), node.right?.minW)!;
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
      found = lesser(lesser(found, { value: node.u, id: node.id }), node.right?.minU);
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
      found = lesser(lesser(found, { value: node.w, id: node.id }), node.left?.minW);
      node = node.right;
    } else {
      node = node.left;
    }
  }
  return found;
}
