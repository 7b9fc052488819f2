import type { Fleet } from "../../model/fleet";
import { HETZNER_PRICES, serverMonthly, type PriceTable } from "../../model/hetzner-prices";
import { SERVER_TYPE_SPECS } from "../../model/hetzner-server-types";
import type { ClusterCapacity } from "./planner";
import { serverWatts } from "./power";
import type { SnapshotWorkloads } from "./workloads";

/** Monthly EUR, VAT excluded, by what it pays for. */
export interface CostBreakdown {
  readonly servers: number;
  readonly volumes: number;
  readonly loadBalancers: number;
  readonly backups: number;
  readonly total: number;
}

export interface ClusterCost {
  readonly cluster: string;
  readonly monthly: CostBreakdown;
  /** Requests over allocatable across the pools that take pods. */
  readonly utilisation: { readonly cpu: number; readonly memory: number };
  readonly watts: number;
  /** What has no price in model/hetzner-prices.ts, so is not counted. */
  readonly unpriced: readonly string[];
  /** Where storage is not a Hetzner volume (an adopted cluster's own storage class). */
  readonly storageNote: string | undefined;
}

export interface TenantCost {
  readonly tenant: string;
  readonly cluster: string;
  readonly requested: { readonly cpuMilli: number; readonly memoryMiB: number; readonly storageGiB: number };
  /** Its share of its cluster's cost. */
  readonly monthly: CostBreakdown;
  readonly watts: number;
}

export interface CostInput {
  readonly fleet: Fleet;
  readonly tenants: readonly { readonly id: string; readonly cluster: string }[];
  readonly capacity: readonly ClusterCapacity[];
  readonly workloads: SnapshotWorkloads;
  /** @default HETZNER_PRICES */
  readonly prices?: PriceTable;
}

/**
 * What each cluster costs a month and who it is for. A dedicated pool is its tenant's alone.
 * Everything shared (control plane, shared workers, load balancers, the platform's volumes) is
 * split between the cluster's tenants by their dominant share of the shared requests (the larger
 * of their CPU and memory shares: dominant resource fairness, Ghodsi et al., NSDI 2011); equally when
 * nobody requests anything yet. Volumes are their claimant's; backups (the fleet's object storage,
 * one full copy of every volume assumed) are split by stored GiB.
 */
export function costOf(input: CostInput): { clusters: ClusterCost[]; tenants: TenantCost[] } {
  const prices = input.prices ?? HETZNER_PRICES;
  const totalStored = sumBy(input.workloads.storage, (s) => s.gib);
  const extraTB = Math.max(0, totalStored / 1024 - prices.objectStorage.includedTB);
  const backupsMonthly = prices.objectStorage.baseMonthly + extraTB * prices.objectStorage.perExtraTB;
  const backupShare = (gib: number) =>
    totalStored === 0 ? backupsMonthly / Math.max(1, input.tenants.length) : (backupsMonthly * gib) / totalStored;

  const clusters: ClusterCost[] = [];
  const tenants: TenantCost[] = [];
  for (const capacity of input.capacity) {
    const spec = input.fleet.clusters[capacity.cluster];
    if (spec === undefined) continue;
    const name = capacity.cluster;
    const onCluster = input.tenants.filter((t) => t.cluster === name);
    const claims = input.workloads.storage.filter((s) => s.cluster === name);
    // An adopted cluster's claims live on its own storage class (node disks): inside the servers' price.
    const existingStorage = spec.origin.kind === "adopted" ? spec.origin.existing.storageClass : undefined;
    const volumesOf = (tenant: string | undefined) =>
      sumBy(claims.filter((c) => c.tenant === tenant && (existingStorage === undefined || c.hetznerVolume)), (c) => c.gib) * prices.volumePerGiB;
    const storedBy = (tenant: string | undefined) => sumBy(claims.filter((c) => c.tenant === tenant), (c) => c.gib);

    const schedulable = capacity.pools.filter((p) => p.kind !== "control-plane");
    const allocCpu = sumBy(schedulable, (p) => p.allocatable.cpuMilli * p.count);
    const allocMemory = sumBy(schedulable, (p) => p.allocatable.memoryMiB * p.count);
    const utilisation = {
      cpu: allocCpu === 0 ? 0 : sumBy(schedulable, (p) => p.requested.cpuMilli) / allocCpu,
      memory: allocMemory === 0 ? 0 : sumBy(schedulable, (p) => p.requested.memoryMiB) / allocMemory,
    };
    type Pool = (typeof capacity.pools)[number];
    // Every server has its primary IPv4: Hetzner bills it apart from the server.
    const poolMonthly = (p: Pool) => p.count * (serverMonthly(p.serverType, p.location, prices) + prices.primaryIpv4);
    // A control-plane server idles as far as pods are concerned; its own load is not modelled.
    const poolWatts = (p: Pool) => p.count * serverWatts(SERVER_TYPE_SPECS[p.serverType].vcpu, p.kind === "control-plane" ? 0 : p.utilisation.cpu);

    const unpriced: string[] = [];
    let loadBalancers = 0;
    for (const lb of input.workloads.loadBalancers.filter((l) => l.cluster === name)) {
      const price = prices.loadBalancers[lb.type];
      if (price === undefined) unpriced.push(`load balancer ${lb.id} (${lb.type}): add its price to model/hetzner-prices.ts`);
      else loadBalancers += price;
    }

    // Shares of what the cluster's tenants hold in common, by dominant share of shared requests.
    const requestsOf = (tenant: string, sharedOnly: boolean) => {
      const groups = input.workloads.pods.filter(
        (g) => g.cluster === name && g.tenant === tenant && !g.perNode && !(sharedOnly && g.selectsTenantPool !== undefined),
      );
      return { cpuMilli: sumBy(groups, (g) => g.cpuMilli * g.replicas), memoryMiB: sumBy(groups, (g) => g.memoryMiB * g.replicas) };
    };
    const shared = onCluster.map((t) => requestsOf(t.id, true));
    const sharedCpu = sumBy(shared, (r) => r.cpuMilli);
    const sharedMemory = sumBy(shared, (r) => r.memoryMiB);
    const dominant = shared.map((r) => Math.max(sharedCpu === 0 ? 0 : r.cpuMilli / sharedCpu, sharedMemory === 0 ? 0 : r.memoryMiB / sharedMemory));
    const dominantTotal = sumBy(dominant, (d) => d);
    const weights = dominant.map((d) => (dominantTotal === 0 ? 1 / onCluster.length : d / dominantTotal));

    const commonPools = capacity.pools.filter((p) => p.kind !== "dedicated");
    const commonServers = sumBy(commonPools, poolMonthly);
    const commonWatts = sumBy(commonPools, poolWatts);
    const platformVolumes = volumesOf(undefined);
    let backups = 0;
    onCluster.forEach((tenant, i) => {
      const weight = weights[i]!;
      const own = capacity.pools.find((p) => p.kind === "dedicated" && p.tenant === tenant.id);
      const stored = storedBy(tenant.id);
      const backup = backupShare(stored) + (totalStored === 0 ? 0 : backupShare(storedBy(undefined)) * weight);
      backups += backup;
      tenants.push({
        tenant: tenant.id,
        cluster: name,
        requested: { ...requestsOf(tenant.id, false), storageGiB: round1(stored) },
        monthly: breakdown(
          commonServers * weight + (own === undefined ? 0 : poolMonthly(own)),
          volumesOf(tenant.id) + platformVolumes * weight,
          loadBalancers * weight,
          backup,
        ),
        watts: round1(commonWatts * weight + (own === undefined ? 0 : poolWatts(own))),
      });
    });
    const volumes = platformVolumes + sumBy(onCluster, (t) => volumesOf(t.id));
    clusters.push({
      cluster: name,
      monthly: breakdown(sumBy(capacity.pools, poolMonthly), volumes, loadBalancers, onCluster.length > 0 || totalStored === 0 ? backups : backupShare(storedBy(undefined))),
      utilisation,
      watts: round1(sumBy(capacity.pools, poolWatts)),
      unpriced,
      storageNote: existingStorage === undefined ? undefined : `claims use the cluster's own storage class "${existingStorage}": their disks are in the servers' price`,
    });
  }
  return { clusters, tenants };
}

function breakdown(servers: number, volumes: number, loadBalancers: number, backups: number): CostBreakdown {
  return {
    servers: round2(servers),
    volumes: round2(volumes),
    loadBalancers: round2(loadBalancers),
    backups: round2(backups),
    total: round2(servers + volumes + loadBalancers + backups),
  };
}

function sumBy<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((sum, item) => sum + f(item), 0);
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const round1 = (n: number) => Math.round(n * 10) / 10;
