import { describe, expect, it } from "vitest";
import { clusterNodePools, nodeNames, placementChunk, placementChunks } from "../../model/node-pools";
import { prodFleet } from "../helpers/declarations";

describe("node pools", () => {
  it("names nodes from the pool key and a number from 1 that never depends on the others", () => {
    expect(nodeNames("ada-lovelace", "workers-fsn1", 3)).toEqual([
      "ada-lovelace-workers-fsn1-1",
      "ada-lovelace-workers-fsn1-2",
      "ada-lovelace-workers-fsn1-3",
    ]);
    // Lowering a count removes the last names only.
    expect(nodeNames("ada-lovelace", "workers-fsn1", 2)).toEqual(nodeNames("ada-lovelace", "workers-fsn1", 3).slice(0, 2));
  });

  it("puts 10 servers in one spread placement group and the 11th in a second", () => {
    expect(placementChunks(10)).toEqual([{ chunk: 1, nodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }]);
    expect(placementChunks(11)).toEqual([
      { chunk: 1, nodes: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      { chunk: 2, nodes: [11] },
    ]);
    expect([placementChunk(1), placementChunk(10), placementChunk(11), placementChunk(20), placementChunk(21)]).toEqual([1, 1, 2, 2, 3]);
  });

  it("lists the fleet's pools in its order, then one pool per dedicated tenant of that cluster, in the cluster's first location", () => {
    const spec = prodFleet().clusters["ada-lovelace"]!;
    const pools = clusterNodePools("ada-lovelace", spec, [
      { id: "zebre", cluster: "ada-lovelace", plan: { kind: "dedicated", serverType: "cpx32", count: 2 } },
      { id: "abeille", cluster: "ada-lovelace", plan: { kind: "dedicated", serverType: "cax21", count: 3 } },
      { id: "ailleurs", cluster: "louise-michel", plan: { kind: "dedicated", serverType: "cpx32", count: 2 } },
      { id: "partage", cluster: "ada-lovelace", plan: { kind: "shared" } },
    ]);
    expect(pools).toEqual([
      { key: "control-fsn1", role: "control-plane", serverType: "cpx22", count: 1, location: "fsn1" },
      { key: "control-nbg1", role: "control-plane", serverType: "cpx22", count: 1, location: "nbg1" },
      { key: "control-hel1", role: "control-plane", serverType: "cpx22", count: 1, location: "hel1" },
      { key: "workers-fsn1", role: "worker", serverType: "cpx42", count: 2, location: "fsn1" },
      { key: "workers-nbg1", role: "worker", serverType: "cpx42", count: 2, location: "nbg1" },
      { key: "dedicated-abeille", role: "worker", serverType: "cax21", count: 3, location: "fsn1", tenant: "abeille" },
      { key: "dedicated-zebre", role: "worker", serverType: "cpx32", count: 2, location: "fsn1", tenant: "zebre" },
    ]);
  });

  it("places a pool without a location in its cluster's first location", () => {
    const pools = clusterNodePools("c", { locations: ["hel1", "fsn1"], pools: { w: { role: "worker", serverType: "cx23", count: 1 } } }, []);
    expect(pools[0]!.location).toBe("hel1");
  });
});
