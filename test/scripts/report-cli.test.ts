import { describe, expect, it } from "vitest";
import { runReport } from "../../scripts/report/run";
import { ROOT_DIR } from "../helpers/declarations";
import { prodPlan } from "../helpers/plan";
import { recordOrShare, spawnScript, type CommandRun } from "../helpers/plan-command";

/** `npm run report -- <args>` run in this process (scripts/report/run.ts), on the shared prod plan. */
async function reportInProcess(...args: string[]): Promise<CommandRun> {
  let stdout = "";
  let stderr = "";
  const status = await runReport(args, { rootDir: ROOT_DIR, record: recordOrShare, out: (text) => (stdout += `${text}\n`), err: (text) => (stderr += `${text}\n`) });
  return { status, stdout, stderr };
}

describe("npm run report", () => {
  it("prices the prod fleet per cluster and per tenant, as JSON", async () => {
    const run = await reportInProcess("--json");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout) as {
      clusters: { cluster: string; monthly: { servers: number } }[];
      tenants: { tenant: string; cluster: string; monthly: { servers: number } }[];
    };
    // ada-lovelace: 3 × cpx22 + 4 × cpx42 + sante-solidaire's 3 × cpx42, each with its IPv4.
    expect(parsed.clusters.map((c) => [c.cluster, c.monthly.servers])).toEqual([
      ["ada-lovelace", 549.9],
      ["louise-michel", 317.94],
    ]);
    // Every tenant of the plan, by cluster, then by id.
    const tenants = prodPlan().declarations.tenants.map(({ tenant }) => `${tenant.cluster}/${tenant.id}`);
    expect(parsed.tenants.map((t) => `${t.cluster}/${t.tenant}`)).toEqual([...tenants].sort());
    // Shared servers are split by what each tenant's pods request; sante-solidaire's pods all run
    // on its own pool (3 × cpx42, €208.47), so it pays that and little of the shared servers.
    expect(parsed.tenants.find((t) => t.tenant === "sante-solidaire")!.monthly.servers).toBe(209.97);
  });

  it("prints markdown by default, from the npm script's entry point", () => {
    // The one spawn of `npm run report`: the entry point as a user runs it.
    const run = spawnScript("report", []);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Footprint and cost · stack prod\n/);
  });
});
