import { describe, expect, it } from "vitest";
import { recordPlan } from "../../../scripts/plan/record";
import { formatSummary } from "../../../scripts/plan/summary";
import { baselineTenant, ROOT_DIR } from "../../helpers/declarations";
import { planWithTenants } from "../../helpers/plan";

describe("plan summary", () => {
  it("counts the prod stack's resources per cluster, per tenant and by type", async () => {
    const { snapshot, outputs } = await recordPlan({ rootDir: ROOT_DIR });
    const lines = formatSummary(snapshot, outputs).split("\n");
    expect(lines[0]).toBe("jardin plan · stack prod · offline (the program under Pulumi mocks: no cloud, no credentials)");
    expect(lines.at(-1)).toMatch(new RegExp(`^total +${snapshot.resources.length} resources$`));
    const headers = lines.filter((l) => /^(cluster|fleet| {2}tenant)/.test(l)).map((l) => l.replace(/ +\d+$/, ""));
    expect(headers).toEqual([
      "fleet",
      "cluster ada-lovelace (created)",
      "  tenant la-fourmiliere (active)",
      "  tenant sante-solidaire (active)",
      "cluster louise-michel (adopted, retiring: 2 tenants still to move)",
      "  tenant amap-du-plateau (active)",
      "  tenant fede-educpop (active)",
    ]);
    // The example federation, with every app of part 2 built through the building block.
    const fede = lines.slice(lines.findIndex((l) => l.startsWith("  tenant fede-educpop")));
    for (const app of ["Grist", "HedgeDoc", "Matrix", "Mobilizon"]) expect(fede).toContainEqual(expect.stringMatching(new RegExp(`^    jardin:apps:${app} +1$`)));
    // Each group's count is the sum of its lines.
    const count = (l: string) => Number(/(\d+)$/.exec(l)?.[1]);
    const tenantStart = lines.findIndex((l) => l.startsWith("  tenant fede-educpop"));
    const body = lines.slice(tenantStart + 1).filter((l) => l.startsWith("    ")).map(count);
    expect(body.reduce((a, b) => a + b, 0)).toBe(count(lines[tenantStart]!));
  });

  it("shows a tenant's state and the resources its state adds", async () => {
    const { snapshot, outputs } = await planWithTenants({ "les-semeurs.ts": baselineTenant({ cluster: "louise-michel", state: "suspended" }) });
    const lines = formatSummary(snapshot, outputs).split("\n");
    const tenant = lines.findIndex((l) => l.startsWith("  tenant les-semeurs (suspended)"));
    expect(tenant).toBeGreaterThan(0);
    const own = lines.slice(tenant + 1).filter((l) => l.startsWith("    ")).map((l) => l.trim().split(/ +/)[0]);
    expect(own).toContain("kubernetes:core/v1:ResourceQuota");
    expect(own).not.toContain("kubernetes:k8up.io/v1:Schedule");
  });
});
