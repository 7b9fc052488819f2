import { describe, expect, it } from "vitest";
import { PoolIndex } from "../../../scripts/capacity/node-index";

/** The same choice by a scan of every node: the smallest larger share after the pod, lowest id on a tie. */
function scan(nodes: ReadonlyMap<number, [number, number]>, cpu: number, memory: number, allocCpu: number, allocMemory: number) {
  let best: { id: number; share: number } | undefined;
  for (const [id, [u, v]] of [...nodes].sort(([a], [b]) => a - b)) {
    const share = Math.max((u + cpu) / allocCpu, (v + memory) / allocMemory);
    if (best === undefined || share < best.share - 1e-12) best = { id, share };
  }
  return best;
}

/** A fixed sequence of pseudo-random numbers: the test is the same on every run. */
function lcg(seed: number) {
  let x = seed;
  return (n: number) => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return x % n;
  };
}

describe("pool index", () => {
  it("picks the node whose larger share after the pod is smallest: a memory-heavy pod goes where memory is free", () => {
    const index = new PoolIndex(8000, 16000);
    index.set(0, 1000, 12000); // CPU free, memory mostly used
    index.set(1, 6000, 2000); // memory free, CPU mostly used
    expect(index.best(100, 2000)).toEqual({ id: 1, share: 6100 / 8000 });
    expect(index.best(1500, 100)).toEqual({ id: 0, share: 12100 / 16000 });
  });

  it("breaks ties on the lowest id, and forgets removed nodes", () => {
    const index = new PoolIndex(1000, 1000);
    for (const id of [3, 1, 2]) index.set(id, 0, 0);
    expect(index.best(10, 10)?.id).toBe(1);
    index.remove(1);
    expect(index.best(10, 10)?.id).toBe(2);
    expect(index.size).toBe(2);
  });

  it("agrees with a scan of every node over a thousand moves", () => {
    const random = lcg(42);
    const index = new PoolIndex(7910, 13622);
    const nodes = new Map<number, [number, number]>();
    for (let step = 0; step < 1000; step++) {
      const id = random(60);
      if (random(5) === 0) {
        index.remove(id);
        nodes.delete(id);
      } else {
        const used: [number, number] = [random(7910), random(13622)];
        index.set(id, ...used);
        nodes.set(id, used);
      }
      const cpu = random(2000);
      const memory = random(4000);
      const got = index.best(cpu, memory);
      const want = scan(nodes, cpu, memory, 7910, 13622);
      expect(got?.id).toBe(want?.id);
      if (want !== undefined) expect(got!.share).toBeCloseTo(want.share, 9);
    }
  });
});
