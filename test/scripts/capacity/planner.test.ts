import { describe, expect, it } from "vitest";
import { NO_RULES } from "../../../scripts/capacity/schedule";
import { capacityFailure, formatCapacity } from "../../../scripts/capacity/format";
import { allocatableOf, planCapacity } from "../../../scripts/capacity/planner";
import { systemReserve } from "../../../scripts/capacity/reserves";
import type { PodGroup, SnapshotWorkloads } from "../../../scripts/capacity/workloads";
import { baselineTenant, prodFleet } from "../../helpers/declarations";
import { tenantSchema } from "../../../model/tenant";

const group = (id: string, replicas: number, cpuMilli: number, memoryMiB: number, more: Partial<PodGroup> = {}): PodGroup => ({
  id, cluster: "louise-michel", tenant: "les-semeurs", replicas, cpuMilli, memoryMiB,
  selectsTenantPool: undefined, toleratesTenantPools: [], perNode: false, rules: NO_RULES, ...more,
});
const workloads = (pods: PodGroup[]): SnapshotWorkloads => ({ pods, storage: [], loadBalancers: [], problems: [], outsideFleet: [] });
const tenants = [tenantSchema.parse(baselineTenant({ cluster: "louise-michel" }))];
const louise = (pods: PodGroup[]) => planCapacity({ fleet: prodFleet(), tenants, workloads: workloads(pods) }).find((c) => c.cluster === "louise-michel")!;

describe("allocatable", () => {
  it("deducts the system reserve: GKE's curve with k3s's 512 MiB floor, plus the kubelet's 100 MiB eviction threshold", () => {
    expect(systemReserve(8, 16)).toEqual({ cpuMilli: 90, memoryMiB: Math.round((4 * 0.25 + 4 * 0.2 + 8 * 0.1) * 1024) + 100 });
    expect(systemReserve(1, 2)).toEqual({ cpuMilli: 60, memoryMiB: 612 });
    expect(allocatableOf("cpx42")).toEqual({ cpuMilli: 7910, memoryMiB: 16 * 1024 - 2662 - 100 });
  });
});

describe("capacity planner", () => {
  it("finds a fleet that fits with a node to spare, and its smallest N+1 size", () => {
    const cluster = louise([group("nextcloud", 2, 1000, 4096)]);
    const workers = cluster.pools.find((p) => p.key === "workers")!;
    expect(cluster.problems).toEqual([]);
    expect(cluster.notSurvivingNodeLoss).toEqual([]);
    // Two nodes do: the replicas spread over both, and either can take the other's after a loss
    // (no rule of the workload keeps them apart), so the floor of two shared workers is the size.
    expect(workers).toMatchObject({ kind: "shared", count: 3, pods: 2, requested: { cpuMilli: 2000, memoryMiB: 8192 }, needed: 2 });
    expect(workers.utilisation.memory).toBeCloseTo(8192 / (3 * 13622), 6);
  });

  it("detects that losing a node would leave a replica kept apart with nowhere to go (N+1), and says how much to grow", () => {
    const cluster = louise([group("synapse", 3, 500, 6000, { rules: { ...NO_RULES, maxPerNode: 1 } })]);
    expect(cluster.fits).toBe(true);
    expect(cluster.notSurvivingNodeLoss).toEqual(["workers"]);
    expect(cluster.problems).toEqual([
      "louise-michel: pool workers would not hold its pods after losing a node (N+1); grow it by 1 server to 4 × cpx42",
    ]);
  });

  it("fails an over-committed pool with the number of servers it lacks", () => {
    const pods = Array.from({ length: 10 }, (_, i) => group(`app-${i}`, 1, 500, 12_000));
    const cluster = louise(pods);
    expect(cluster.fits).toBe(false);
    expect(cluster.pools.find((p) => p.key === "workers")!.needed).toBe(11);
    expect(capacityFailure([cluster])).toBe(
      [
        "jardin: 1 capacity problem; the fleet would not hold its workloads:",
        "  - louise-michel: pool workers is over-committed: its pods do not fit; grow it by 8 servers to 11 × cpx42, more than the 10 a spread placement group holds: add a pool beside it, or use a larger server type",
      ].join("\n"),
    );
  });

  it("shrinks an oversized pool to the smallest count that survives a lost node, and suggests a cheaper type", () => {
    const workers = louise([group("pad", 2, 500, 1000)]).pools.find((p) => p.key === "workers")!;
    expect(workers.needed).toBe(2);
    // cpx12: 940m and 1436 MiB allocatable, enough for one replica each; three survive a loss.
    expect(workers.cheaper).toEqual({ serverType: "cpx12", count: 3, monthly: 34.47, currentMonthly: 138.98 });
  });

  it("keeps a dedicated tenant's pods on its own pool and grows that pool, naming the tenant file", () => {
    const dedicated = tenantSchema.parse(baselineTenant({ id: "sante", cluster: "ada-lovelace", plan: { kind: "dedicated", serverType: "cpx22", count: 2 } }));
    const own = { cluster: "ada-lovelace", tenant: "sante", selectsTenantPool: "sante", toleratesTenantPools: ["sante"] };
    const [ada] = planCapacity({
      fleet: prodFleet(),
      tenants: [dedicated],
      workloads: workloads([group("nextcloud", 2, 1000, 2500, own), group("collabora", 1, 500, 2500, own)]),
    });
    const pool = ada!.pools.find((p) => p.key === "dedicated-sante")!;
    // A cpx22 offers 2972 MiB: one 2500 MiB pod each, so three nodes, and a fourth for N+1.
    expect(pool).toMatchObject({ kind: "dedicated", tenant: "sante", serverType: "cpx22", pods: 3, needed: 4 });
    expect(ada!.pools.find((p) => p.key === "workers-fsn1")!.pods).toBe(0);
    expect(ada!.problems).toEqual([
      "ada-lovelace: pool dedicated-sante is over-committed: its pods do not fit; grow it by 2 servers to 4 × cpx22 (tenants/sante.ts: plan.count)",
    ]);
  });

  it("refuses a pod that selects a dedicated pool nobody declared", () => {
    const cluster = louise([group("lost", 1, 100, 100, { selectsTenantPool: "ghost", toleratesTenantPools: ["ghost"] })]);
    expect(cluster.problems).toEqual([
      'louise-michel: les-semeurs/lost (100m CPU, 100 MiB) can run on no pool (it selects the dedicated pool of "ghost"); give it a pool that tolerates it, or lower its requests',
    ]);
  });

  it("counts a DaemonSet once on every node it tolerates", () => {
    const workers = louise([group("node-exporter", 1, 50, 64, { perNode: true, tenant: undefined })]).pools.find((p) => p.key === "workers")!;
    expect(workers).toMatchObject({ pods: 3, requested: { cpuMilli: 150, memoryMiB: 192 } });
  });

  it("prints every pool of every cluster, control planes without pods", () => {
    const text = formatCapacity([louise([group("synapse", 3, 500, 6000, { rules: { ...NO_RULES, maxPerNode: 1 } })])]);
    expect(text.split("\n")).toEqual([
      "capacity · requests against allocatable (system reserve deducted) · N+1: still fits after losing a node",
      "",
      "cluster louise-michel  [does not fit]",
      "  servers (control-plane, 3 × cpx32, fsn1): control plane only, no pods",
      "  workers (shared, 3 × cpx42, fsn1): 3 pods, CPU 1.5/23.7 (6 %), memory 17.6/39.9 GiB (44 %); N+1 fails; smallest with N+1: 4 × cpx42 (CPU 5 %, memory 33 %)",
      "    cheaper: 4 × cpx32 would do, €141.96/month instead of €277.96",
    ]);
  });
});

describe("an idle cluster", () => {
  it("keeps two shared workers, whatever the requests", () => {
    expect(louise([]).pools.find((p) => p.key === "workers")!.needed).toBe(2);
  });
});

describe("smallest pool with N+1, against known optima", () => {
  it("six pods of just under half a cpx42 need three nodes, four with one to lose", () => {
    const pods = Array.from({ length: 6 }, (_, i) => group(`half-${i}`, 1, 3900, 1000));
    const cluster = louise(pods);
    expect(cluster.fits).toBe(true);
    expect(cluster.pools.find((p) => p.key === "workers")).toMatchObject({ pods: 6, needed: 4 });
    expect(cluster.problems).toEqual([
      "louise-michel: pool workers would not hold its pods after losing a node (N+1); grow it by 1 server to 4 × cpx42",
    ]);
  });

  it("sizes for the scheduler, not for a bin-packer: 5.5 + 2.3 cores would pair on three nodes, but it spreads the small pods", () => {
    const pods = [
      ...Array.from({ length: 3 }, (_, i) => group(`large-${i}`, 1, 5500, 1000)),
      ...Array.from({ length: 3 }, (_, i) => group(`small-${i}`, 1, 2300, 1000)),
    ];
    // On four nodes the small pods all go to the empty fourth (least allocated): a lost large pod
    // then finds 2.4 cores nowhere it needs 5.5. Five nodes leave one empty to take it.
    expect(louise(pods).pools.find((p) => p.key === "workers")!.needed).toBe(5);
  });
});

describe("utilisation floor", () => {
  it("warns on a shared pool under 40 % of its memory, with the count that would do", () => {
    const cluster = louise([group("pad", 2, 500, 1000)]);
    expect(cluster.problems).toEqual([]);
    expect(cluster.warnings).toEqual([
      "louise-michel: pool workers uses 5 % of its memory, below 40 %: lower its count to 2 (the smallest with N+1), or say why in stacks/prod.ts (pools.workers.lowUtilisationReason)",
    ]);
  });

  it("prints the fleet file's reason instead, as a note", () => {
    const fleet = prodFleet();
    const reasoned = { ...fleet, clusters: { ...fleet.clusters, "louise-michel": { ...fleet.clusters["louise-michel"]!, pools: { ...fleet.clusters["louise-michel"]!.pools, workers: { ...fleet.clusters["louise-michel"]!.pools["workers"]!, lowUtilisationReason: "kept whole until its tenants have moved" } } } } };
    const cluster = planCapacity({ fleet: reasoned, tenants, workloads: workloads([group("pad", 2, 500, 1000)]) }).find((c) => c.cluster === "louise-michel")!;
    expect(cluster.warnings).toBeUndefined();
    expect(cluster.notes).toEqual(["louise-michel: pool workers uses 5 % of its memory, below 40 %: kept whole until its tenants have moved"]);
  });

  it("does not warn at 40 % and more", () => {
    // Two pods of 5.5 GiB on three cpx42 (13,622 MiB each): 27 %; four: 54 %.
    expect(louise([group("big", 2, 100, 5500)]).warnings).toHaveLength(1);
    expect(louise([group("big", 4, 100, 5500)]).warnings).toBeUndefined();
  });
});
