import { HETZNER_PRICES } from "../../model/hetzner-prices";
import type { ClusterCost, TenantCost } from "./cost";
import { POWER_BASIS } from "./power";

/** The footprint and cost report: the contract of `npm run report -- --json`. */
export interface FootprintReport {
  readonly stack: string;
  readonly prices: { readonly readOn: string; readonly currency: string; readonly vat: string };
  readonly clusters: readonly ClusterCost[];
  readonly tenants: readonly TenantCost[];
  /** How the figures are made, so nobody reads an estimate as a measurement. */
  readonly notes: readonly string[];
}

export function buildReport(stack: string, costs: { clusters: ClusterCost[]; tenants: TenantCost[] }): FootprintReport {
  return {
    stack,
    prices: { readOn: HETZNER_PRICES.readOn, currency: HETZNER_PRICES.currency, vat: HETZNER_PRICES.vat },
    clusters: costs.clusters,
    tenants: [...costs.tenants].sort((a, b) => a.cluster.localeCompare(b.cluster) || a.tenant.localeCompare(b.tenant)),
    notes: [
      `Prices: model/hetzner-prices.ts, read on ${HETZNER_PRICES.readOn}, monthly, EUR, VAT excluded; every server counted with its primary IPv4.`,
      "Requests are what workloads ask the scheduler for, not what they use; a chart's pods are its declared reserve (scripts/capacity/reserves.ts).",
      "Shared costs (control plane, shared workers, load balancers, platform volumes) are split by each tenant's dominant share of shared requests, equally while nobody requests anything; a dedicated pool is its tenant's.",
      "Backups: the fleet's object storage, assuming one full copy of every claim, split by stored GiB.",
      `Watts: Hetzner publishes no power figure for cloud servers; estimated per vCPU from the ${POWER_BASIS.host}'s published ${POWER_BASIS.idleWatts} W idle / ${POWER_BASIS.maxWatts} W full load over ${POWER_BASIS.threads} threads (${POWER_BASIS.source}), linear in requested CPU.`,
    ],
  };
}

export function formatReportMarkdown(report: FootprintReport): string {
  const euro = (n: number) => `€${n.toFixed(2)}`;
  const percent = (r: number) => `${Math.round(r * 100)} %`;
  const lines = [
    `# Footprint and cost · stack ${report.stack}`,
    "",
    `Prices read on ${report.prices.readOn} (${report.prices.currency}, VAT ${report.prices.vat}).`,
    "",
    "## Clusters",
    "",
    "| cluster | servers | volumes | load balancers | backups | total / month | CPU requested | memory requested | watts (est.) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.clusters.map(
      (c) =>
        `| ${c.cluster} | ${euro(c.monthly.servers)} | ${euro(c.monthly.volumes)} | ${euro(c.monthly.loadBalancers)} | ${euro(c.monthly.backups)} | ${euro(c.monthly.total)} | ${percent(c.utilisation.cpu)} | ${percent(c.utilisation.memory)} | ${c.watts} |`,
    ),
    "",
    "## Tenants",
    "",
    "| tenant | cluster | CPU (cores) | memory (GiB) | storage (GiB) | servers | volumes | load balancers | backups | total / month | watts (est.) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...report.tenants.map(
      (t) =>
        `| ${t.tenant} | ${t.cluster} | ${(t.requested.cpuMilli / 1000).toFixed(2)} | ${(t.requested.memoryMiB / 1024).toFixed(2)} | ${t.requested.storageGiB} | ${euro(t.monthly.servers)} | ${euro(t.monthly.volumes)} | ${euro(t.monthly.loadBalancers)} | ${euro(t.monthly.backups)} | ${euro(t.monthly.total)} | ${t.watts} |`,
    ),
    "",
  ];
  const caveats = report.clusters.flatMap((c) => [
    ...(c.storageNote === undefined ? [] : [`${c.cluster}: ${c.storageNote}.`]),
    ...c.unpriced.map((u) => `${c.cluster}: not counted, ${u}.`),
  ]);
  lines.push("## How these figures are made", "", ...[...caveats, ...report.notes].map((n) => `- ${n}`), "");
  return lines.join("\n");
}
