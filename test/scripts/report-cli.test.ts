import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../helpers/declarations";

/** `npm run report -- <args>`, as a user runs it. */
function report(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT_DIR, "node_modules/tsx/dist/cli.mjs"), "scripts/report.ts", ...args], { cwd: ROOT_DIR, encoding: "utf8" });
}

describe("npm run report", () => {
  it("prices the prod fleet per cluster and per tenant, as JSON", () => {
    const run = report("--json");
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
    expect(parsed.tenants.map((t) => `${t.cluster}/${t.tenant}`)).toEqual([
      "ada-lovelace/la-fourmiliere", "ada-lovelace/sante-solidaire", "louise-michel/amap-du-plateau", "louise-michel/cafe-des-possibles", "louise-michel/fede-educpop",
    ]);
    // Shared servers are split by what each tenant's pods request; sante-solidaire's pods all run
    // on its own pool (3 × cpx42, €208.47), so it pays that and little of the shared servers.
    expect(parsed.tenants.find((t) => t.tenant === "sante-solidaire")!.monthly.servers).toBe(209.97);
  });

  it("prints markdown by default", () => {
    const run = report();
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^# Footprint and cost · stack prod\n/);
  });
});
