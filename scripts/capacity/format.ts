import type { ClusterCapacity, PoolCapacity } from "./planner";

/** Capacity per cluster and pool, as the plan prints it. */
export function formatCapacity(clusters: readonly ClusterCapacity[]): string {
  const lines = ["capacity · requests against allocatable (system reserve deducted) · N+1: still fits after losing a node", ""];
  for (const cluster of clusters) {
    lines.push(`cluster ${cluster.cluster}${cluster.problems.length === 0 ? "" : "  [does not fit]"}`);
    for (const pool of cluster.pools) lines.push(...poolLines(pool, cluster));
    for (const note of cluster.notes ?? []) lines.push(`  ${note}`);
    for (const warning of cluster.warnings ?? []) lines.push(`  warning: ${warning}`);
    lines.push("");
  }
  return lines.join("\n").trimEnd();
}

/** The message that fails the plan, or undefined when every cluster fits with N+1. */
export function capacityFailure(clusters: readonly ClusterCapacity[]): string | undefined {
  const problems = clusters.flatMap((c) => c.problems);
  if (problems.length === 0) return undefined;
  const count = problems.length === 1 ? "1 capacity problem" : `${problems.length} capacity problems`;
  return `jardin: ${count}; the fleet would not hold its workloads:\n${problems.map((p) => `  - ${p}`).join("\n")}`;
}

/** The warnings of every cluster: the plan prints them whatever it is asked, and goes on. */
export function capacityWarnings(clusters: readonly ClusterCapacity[]): string[] {
  return clusters.flatMap((c) => c.warnings ?? []);
}

function poolLines(pool: PoolCapacity, cluster: ClusterCapacity): string[] {
  const head = `  ${pool.key} (${pool.kind}${pool.tenant === undefined ? "" : ` ${pool.tenant}`}, ${pool.count} × ${pool.serverType}, ${pool.location})`;
  if (pool.kind === "control-plane") return [`${head}: control plane only, no pods`];
  const cpu = `CPU ${cores(pool.requested.cpuMilli)}/${cores(pool.allocatable.cpuMilli * pool.count)} (${percent(pool.utilisation.cpu)})`;
  const memory = `memory ${gib(pool.requested.memoryMiB)}/${gib(pool.allocatable.memoryMiB * pool.count)} GiB (${percent(pool.utilisation.memory)})`;
  const n1 = cluster.notSurvivingNodeLoss.includes(pool.key) ? "N+1 fails" : "N+1 ok";
  const needed =
    pool.needed === pool.count
      ? `smallest with N+1: ${pool.needed} (as declared)`
      : `smallest with N+1: ${pool.needed} × ${pool.serverType} (CPU ${percent(pool.neededUtilisation.cpu)}, memory ${percent(pool.neededUtilisation.memory)})`;
  const lines = [`${head}: ${pool.pods} pods, ${cpu}, ${memory}; ${n1}; ${needed}`];
  if (pool.cheaper !== undefined) {
    lines.push(
      `    cheaper: ${pool.cheaper.count} × ${pool.cheaper.serverType} would do, €${pool.cheaper.monthly.toFixed(2)}/month instead of €${pool.cheaper.currentMonthly.toFixed(2)}`,
    );
  }
  return lines;
}

const cores = (milli: number) => (milli / 1000).toFixed(1);
const gib = (mib: number) => (mib / 1024).toFixed(1);
const percent = (r: number) => `${Math.round(r * 100)} %`;
