import { describe, expect, it } from "vitest";
import { NO_RULES, schedule, type PackNode, type PackPod, type SchedulingRules } from "../../../scripts/capacity/schedule";

const node = (name: string, cpuMilli: number, memoryMiB: number, more: Partial<PackNode> = {}): PackNode => ({
  name, pool: "p", zone: "fsn1", allocatable: { cpuMilli, memoryMiB }, daemons: { cpuMilli: 0, memoryMiB: 0 }, dedicatedTo: undefined, ...more,
});
const pod = (group: string, cpuMilli: number, memoryMiB = 1, rules: Partial<SchedulingRules> = {}, more: Partial<PackPod> = {}): PackPod => ({
  group, cpuMilli, memoryMiB, selectsTenantPool: undefined, toleratesTenantPools: [], rules: { ...NO_RULES, ...rules }, ...more,
});
const layout = (result: ReturnType<typeof schedule>) =>
  Object.fromEntries([...result.placed].map(([name, pods]) => [name, pods.map((p) => `${p.group}:${p.cpuMilli}`)]));
const place = (pods: readonly PackPod[], nodes: readonly PackNode[]) => schedule(pods, nodes, { checkLoss: false });

describe("placing pods as the scheduler does", () => {
  it("spreads pods over the least allocated nodes instead of filling the first", () => {
    const result = place([pod("a", 300), pod("b", 200), pod("c", 100)], [node("n1", 1000, 1000), node("n2", 1000, 1000), node("n3", 1000, 1000)]);
    expect(layout(result)).toEqual({ n1: ["a:300"], n2: ["b:200"], n3: ["c:100"] });
  });

  it("weighs the larger share: a memory-heavy pod goes where memory is free, though CPU is busier there", () => {
    const cpuBusy = node("cpu-busy", 4000, 8000, { daemons: { cpuMilli: 3000, memoryMiB: 0 } });
    const memoryBusy = node("memory-busy", 4000, 8000, { daemons: { cpuMilli: 0, memoryMiB: 5000 } });
    expect(layout(place([pod("cache", 100, 2000)], [memoryBusy, cpuBusy]))).toEqual({ "memory-busy": [], "cpu-busy": ["cache:100"] });
  });

  it("puts a ReplicaSet's replicas in another zone when one has room (default spread), though a node of the first zone is emptier", () => {
    const nodes = [node("fsn1-a", 4000, 4000), node("fsn1-b", 4000, 4000), node("nbg1-a", 4000, 4000, { pool: "q", zone: "nbg1", daemons: { cpuMilli: 800, memoryMiB: 800 } })];
    const web = [pod("web", 500, 500, { defaultSpread: true }), pod("web", 500, 500, { defaultSpread: true })];
    expect(layout(place(web, nodes))).toEqual({ "fsn1-a": ["web:500"], "fsn1-b": [], "nbg1-a": ["web:500"] });
  });

  it("without any spread rule, replicas follow the resource score alone", () => {
    const nodes = [node("fsn1-a", 4000, 4000), node("fsn1-b", 4000, 4000), node("nbg1-a", 4000, 4000, { pool: "q", zone: "nbg1", daemons: { cpuMilli: 800, memoryMiB: 800 } })];
    const job = [pod("job", 500, 500), pod("job", 500, 500)];
    expect(layout(place(job, nodes))).toEqual({ "fsn1-a": ["job:500"], "fsn1-b": ["job:500"], "nbg1-a": [] });
  });

  it("keeps replicas apart under a required anti-affinity, and refuses the second when only one node has room", () => {
    const db = (n: number) => Array.from({ length: n }, () => pod("db", 500, 500, { maxPerNode: 1 }));
    expect(layout(place(db(2), [node("a", 4000, 4000), node("b", 4000, 4000)]))).toEqual({ a: ["db:500"], b: ["db:500"] });
    const tight = place(db(2), [node("a", 4000, 4000), node("b", 4000, 4000, { daemons: { cpuMilli: 3800, memoryMiB: 0 } })]);
    expect(layout(tight)).toEqual({ a: ["db:500"], b: [] });
    expect(tight.unplaced).toHaveLength(1);
  });

  it("a soft spread gives way: two replicas share the one node with room", () => {
    const nodes = [node("a", 4000, 4000), node("b", 4000, 4000, { daemons: { cpuMilli: 3800, memoryMiB: 0 } })];
    const result = place([pod("web", 500, 500, { defaultSpread: true, apartWeight: 100 }), pod("web", 500, 500, { defaultSpread: true, apartWeight: 100 })], nodes);
    expect(layout(result)).toEqual({ a: ["web:500", "web:500"], b: [] });
    expect(result.unplaced).toEqual([]);
  });

  it("CloudNativePG's preferred anti-affinity outweighs a busier node", () => {
    const nodes = [node("a", 4000, 4000), node("b", 4000, 4000, { daemons: { cpuMilli: 2500, memoryMiB: 2500 } })];
    const instances = [pod("db", 500, 500, { apartWeight: 100 }), pod("db", 500, 500, { apartWeight: 100 })];
    expect(layout(place(instances, nodes))).toEqual({ a: ["db:500"], b: ["db:500"] });
  });

  it("runs a pod that must join another workload's node there, after it, and nowhere if that node is full", () => {
    const web = pod("web", 3000, 500);
    const cron = pod("cron", 500, 500, { colocateWith: "web" });
    const nodes = [node("a", 4000, 4000), node("b", 4000, 4000, { daemons: { cpuMilli: 100, memoryMiB: 100 } })];
    expect(layout(place([cron, web], nodes))).toEqual({ a: ["web:3000", "cron:500"], b: [] });
    const big = pod("cron", 1500, 500, { colocateWith: "web" });
    expect(place([big, web], nodes).unplaced).toEqual([big]);
    expect(place([cron], nodes).unplaced).toEqual([cron]);
  });

  it("keeps pods off a tenant's dedicated nodes unless they tolerate its taint, and sends a selecting pod there only", () => {
    const shared = pod("shared", 100);
    const guest = pod("guest", 100, 1, {}, { toleratesTenantPools: ["sante"] });
    const own = pod("own", 100, 1, {}, { selectsTenantPool: "sante", toleratesTenantPools: ["sante"] });
    const result = place([shared, guest, own], [node("d1", 1000, 1000, { pool: "d", dedicatedTo: "sante" })]);
    expect(layout(result)).toEqual({ d1: ["guest:100", "own:100"] });
    expect(result.unplaced).toEqual([shared]);
  });

  it("leaves a pod larger than every node unplaced", () => {
    expect(place([pod("huge", 5000)], [node("a", 4000, 1000)]).unplaced).toHaveLength(1);
  });

  it("is deterministic: the same pods and nodes give the same layout", () => {
    const pods = Array.from({ length: 40 }, (_, i) => pod(`w${i % 7}`, 100 + ((i * 37) % 400), 100 + ((i * 53) % 700), { defaultSpread: true }));
    const nodes = Array.from({ length: 6 }, (_, i) => node(`n${i}`, 4000, 8000, { pool: i < 3 ? "p" : "q", zone: i < 3 ? "fsn1" : "nbg1" }));
    expect(layout(place(pods, nodes))).toEqual(layout(place(pods, nodes)));
  });
});

describe("losing a node (N+1)", () => {
  const nodes = [node("a", 4000, 4000), node("b", 4000, 4000), node("c", 4000, 4000)];

  it("holds when the lost node's pods find room on the others, which keep theirs, and leaves the layout as it was", () => {
    const pods = [pod("x", 1500), pod("y", 1500), pod("z", 1500)];
    const result = schedule(pods, nodes, { checkLoss: true });
    expect(result.lossRefused).toEqual(new Map());
    expect(layout(result)).toEqual({ a: ["x:1500"], b: ["y:1500"], c: ["z:1500"] });
  });

  it("fails the pool when a lost node's pod fits on none of the others", () => {
    const result = schedule([pod("x", 2500), pod("y", 2500), pod("z", 2500)], nodes, { checkLoss: true });
    expect(result.unplaced).toEqual([]);
    expect(result.lossRefused).toEqual(new Map([["p", "a"]]));
  });

  it("fails it when replicas kept apart have no node left to go to", () => {
    const result = schedule(Array.from({ length: 3 }, () => pod("db", 100, 100, { maxPerNode: 1 })), nodes, { checkLoss: true });
    expect(result.lossRefused).toEqual(new Map([["p", "a"]]));
  });
});
