import { describe, expect, it } from "vitest";
import { pack, type PackNode, type PackPod } from "../../../scripts/capacity/pack";

const node = (name: string, cpuMilli: number, memoryMiB: number, dedicatedTo?: string): PackNode => ({ name, pool: "p", cpuMilli, memoryMiB, dedicatedTo });
const pod = (group: string, cpuMilli: number, memoryMiB = 1, more: Partial<PackPod> = {}): PackPod => ({
  group, cpuMilli, memoryMiB, selectsTenantPool: undefined, toleratesTenantPools: [], ...more,
});
const layout = (packing: ReturnType<typeof pack>) =>
  Object.fromEntries([...packing.placed].map(([name, pods]) => [name, pods.map((p) => `${p.group}:${p.cpuMilli}`)]));

describe("first-fit decreasing", () => {
  it("packs 7, 6, 5, 5, 4, 3 into three nodes of 10, the optimum (the sizes add up to 30)", () => {
    const pods = [6, 4, 5, 5, 3, 7].map((cpu, i) => pod(`w${i}`, cpu));
    const packing = pack(pods, [node("a", 10, 100), node("b", 10, 100), node("c", 10, 100), node("d", 10, 100)]);
    expect(packing.unplaced).toEqual([]);
    expect(layout(packing)).toEqual({ a: ["w5:7", "w4:3"], b: ["w0:6", "w1:4"], c: ["w2:5", "w3:5"], d: [] });
  });

  it("packs on the larger dimension: memory-heavy pods fill nodes whose CPU is mostly free", () => {
    const pods = [pod("a", 100, 6000), pod("b", 100, 6000), pod("c", 100, 6000)];
    const packing = pack(pods, [node("n1", 4000, 12000), node("n2", 4000, 12000)]);
    expect(layout(packing)).toEqual({ n1: ["a:100", "b:100"], n2: ["c:100"] });
  });

  it("puts replicas of one workload on distinct nodes, even when one node has room for all", () => {
    const replicas = [pod("nextcloud", 100), pod("nextcloud", 100), pod("nextcloud", 100)];
    const packing = pack(replicas, [node("a", 10_000, 10_000), node("b", 10_000, 10_000)]);
    expect(layout(packing)).toEqual({ a: ["nextcloud:100"], b: ["nextcloud:100"] });
    expect(packing.unplaced).toEqual([pod("nextcloud", 100)]);
  });

  it("keeps pods off a tenant's dedicated nodes unless they tolerate its taint", () => {
    const shared = pod("shared", 100);
    const tolerates = pod("guest", 100, 1, { toleratesTenantPools: ["sante"] });
    const packing = pack([shared, tolerates], [node("dedicated", 1000, 1000, "sante")]);
    expect(layout(packing)).toEqual({ dedicated: ["guest:100"] });
    expect(packing.unplaced).toEqual([shared]);
  });

  it("sends a pod that selects a dedicated pool there and nowhere else", () => {
    const own = pod("own", 100, 1, { selectsTenantPool: "sante", toleratesTenantPools: ["sante"] });
    const packing = pack([own, own], [node("shared", 1000, 1000), node("d1", 1000, 1000, "sante")]);
    expect(layout(packing)).toEqual({ shared: [], d1: ["own:100"] });
    expect(packing.unplaced).toHaveLength(1);
  });

  it("leaves a pod larger than every node unplaced", () => {
    expect(pack([pod("huge", 5000)], [node("a", 4000, 1000)]).unplaced).toHaveLength(1);
  });
});
