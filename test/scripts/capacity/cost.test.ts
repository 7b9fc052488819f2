import { describe, expect, it } from "vitest";
import { NO_RULES } from "../../../scripts/capacity/schedule";
import { costOf } from "../../../scripts/capacity/cost";
import { planCapacity } from "../../../scripts/capacity/planner";
import { serverWatts } from "../../../scripts/capacity/power";
import { buildReport, formatReportMarkdown } from "../../../scripts/capacity/report";
import type { PodGroup, SnapshotWorkloads } from "../../../scripts/capacity/workloads";
import { tenantSchema } from "../../../model/tenant";
import { baselineTenant, prodFleet } from "../../helpers/declarations";

const fleet = prodFleet();
const tenants = [
  tenantSchema.parse(baselineTenant({ id: "big", cluster: "ada-lovelace" })),
  tenantSchema.parse(baselineTenant({ id: "small", cluster: "ada-lovelace" })),
  tenantSchema.parse(baselineTenant({ id: "own", cluster: "ada-lovelace", plan: { kind: "dedicated", serverType: "cpx22", count: 2 } })),
  tenantSchema.parse(baselineTenant({ id: "old", cluster: "louise-michel" })),
];
const group = (tenant: string | undefined, cpuMilli: number, memoryMiB: number, more: Partial<PodGroup> = {}): PodGroup => ({
  id: `${tenant ?? "platform"}-app`, cluster: "ada-lovelace", tenant, replicas: 1, cpuMilli, memoryMiB,
  selectsTenantPool: undefined, toleratesTenantPools: [], perNode: false, rules: NO_RULES, ...more,
});
const workloads: SnapshotWorkloads = {
  pods: [
    group("big", 3000, 3072), // 3/4 of the shared CPU, 3/4 of the shared memory
    group("small", 1000, 1024),
    group("own", 500, 512, { selectsTenantPool: "own", toleratesTenantPools: ["own"] }),
  ],
  storage: [
    { id: "big-files", cluster: "ada-lovelace", tenant: "big", gib: 768, hetznerVolume: false },
    { id: "small-files", cluster: "ada-lovelace", tenant: "small", gib: 256, hetznerVolume: false },
    { id: "old-files", cluster: "louise-michel", tenant: "old", gib: 1024, hetznerVolume: false },
  ],
  loadBalancers: [
    { cluster: "ada-lovelace", type: "lb11", id: "ada-lb" },
    { cluster: "ada-lovelace", type: "lb31", id: "ada-big-lb" },
  ],
  problems: [],
  outsideFleet: [],
};
const capacity = planCapacity({ fleet, tenants, workloads });
const costs = costOf({ fleet, tenants, capacity, workloads });
const tenant = (id: string) => costs.tenants.find((t) => t.tenant === id)!;

describe("cost", () => {
  it("prices a cluster's servers with their IPv4, its Hetzner volumes and its load balancers", () => {
    const ada = costs.clusters.find((c) => c.cluster === "ada-lovelace")!;
    // 3 × cpx22 + 4 × cpx42 + the dedicated 2 × cpx22, each with a €0.50 IPv4.
    expect(ada.monthly.servers).toBe(Math.round((3 * 19.99 + 4 * 69.99 + 2 * 19.99) * 100) / 100);
    expect(ada.monthly.volumes).toBe(Math.round(1024 * 0.0572 * 100) / 100);
    expect(ada.monthly.loadBalancers).toBe(7.49);
    expect(ada.unpriced).toEqual(["load balancer ada-big-lb (lb31): add its price to model/hetzner-prices.ts"]);
  });

  it("gives a tenant the share of shared costs its dominant request share says, and its dedicated pool whole", () => {
    const common = 3 * 19.99 + 4 * 69.99;
    expect(tenant("big").monthly.servers).toBeCloseTo(common * 0.75, 2);
    expect(tenant("small").monthly.servers).toBeCloseTo(common * 0.25, 2);
    expect(tenant("own").monthly.servers).toBeCloseTo(2 * 19.99, 2);
    expect(tenant("big").monthly.loadBalancers).toBeCloseTo(7.49 * 0.75, 2);
    expect(tenant("big").requested).toEqual({ cpuMilli: 3000, memoryMiB: 3072, storageGiB: 768 });
  });

  it("splits backups by stored GiB, past the object storage's included terabyte", () => {
    // 2 TiB stored: the base price plus one extra TB.
    const backups = 6.49 + 1 * 8.74;
    expect(tenant("old").monthly.backups).toBeCloseTo(backups / 2, 2);
    expect(tenant("big").monthly.backups).toBeCloseTo((backups * 768) / 2048, 2);
    expect(tenant("own").monthly.backups).toBe(0);
  });

  it("leaves volumes out of an adopted cluster whose claims use its own storage class", () => {
    const louise = costs.clusters.find((c) => c.cluster === "louise-michel")!;
    expect(louise.monthly.volumes).toBe(0);
    expect(louise.storageNote).toBe('claims use the cluster\'s own storage class "longhorn-retain": their disks are in the servers\' price');
  });

  it("adds up: a cluster's tenants pay its whole cost", () => {
    for (const cluster of costs.clusters) {
      const shares = costs.tenants.filter((t) => t.cluster === cluster.cluster).reduce((s, t) => s + t.monthly.total, 0);
      expect(shares).toBeCloseTo(cluster.monthly.total, 1);
    }
  });

  it("estimates watts per vCPU from the EX44's published idle and full-load figures", () => {
    expect(serverWatts(20, 0)).toBe(25);
    expect(serverWatts(20, 1)).toBe(118);
    expect(serverWatts(8, 0.5)).toBeCloseTo(8 * (1.25 + 4.65 * 0.5), 6);
  });
});

describe("report", () => {
  const report = buildReport("prod", costs);

  it("has one JSON shape: stack, dated prices, clusters, tenants sorted by cluster then id, notes", () => {
    expect(Object.keys(report)).toEqual(["stack", "prices", "clusters", "tenants", "notes"]);
    expect(report.prices).toEqual({ readOn: "2026-09-04", currency: "EUR", vat: "excluded" });
    expect(report.tenants.map((t) => `${t.cluster}/${t.tenant}`)).toEqual(["ada-lovelace/big", "ada-lovelace/own", "ada-lovelace/small", "louise-michel/old"]);
    expect(Object.keys(report.tenants[0]!)).toEqual(["tenant", "cluster", "requested", "monthly", "watts"]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("prints markdown tables per cluster and per tenant, and says how the figures are made", () => {
    const text = formatReportMarkdown(report);
    const lines = text.split("\n");
    expect(lines[0]).toBe("# Footprint and cost · stack prod");
    expect(lines).toContain("| tenant | cluster | CPU (cores) | memory (GiB) | storage (GiB) | servers | volumes | load balancers | backups | total / month | watts (est.) |");
    const big = tenant("big");
    expect(lines).toContain(
      `| big | ada-lovelace | 3.00 | 3.00 | 768 | €${big.monthly.servers.toFixed(2)} | €${big.monthly.volumes.toFixed(2)} | €${big.monthly.loadBalancers.toFixed(2)} | €${big.monthly.backups.toFixed(2)} | €${big.monthly.total.toFixed(2)} | ${big.watts} |`,
    );
    expect(text).toContain("- ada-lovelace: not counted, load balancer ada-big-lb (lb31): add its price to model/hetzner-prices.ts.");
    expect(text).toContain("Hetzner publishes no power figure for cloud servers");
  });
});
