import { describe, expect, it } from "vitest";
import { APP_NAMES } from "../../../model/apps";
import { loadDeclarations } from "../../../model/registry";
import { PLAN_NODE_FLAGS } from "../../../scripts/bench/flags";
import { writeGeneratedTenants } from "../../../scripts/bench/generate";
import packageJson from "../../../package.json";
import { FLEETS } from "../../../stacks/fleets";
import { prodFleet, ROOT_DIR } from "../../helpers/declarations";
import { tempDir } from "../../helpers/temp";

describe("the benchmark's generated tenants", () => {
  it("are valid tenant files with every app, spread over the fleet's active clusters", async () => {
    const dir = tempDir("bench");
    writeGeneratedTenants(dir, 12, prodFleet());
    const { tenants } = await loadDeclarations({ rootDir: ROOT_DIR, fleet: FLEETS["prod"]!, tenantsDir: dir });
    expect(tenants.map((t) => t.tenant.id)).toEqual(Array.from({ length: 12 }, (_, i) => `bench-${String(i + 1).padStart(2, "0")}`));
    expect(tenants.every((t) => Object.keys(t.tenant.apps).sort().join() === [...APP_NAMES].sort().join())).toBe(true);
    // louise-michel is retiring: no new tenant goes there.
    expect(tenants.filter((t) => t.tenant.cluster === "ada-lovelace")).toHaveLength(12);
  });
});

describe("the benchmark's processes", () => {
  it("run with the Node flags of npm run plan, so what is measured is what users run", () => {
    expect(packageJson.scripts.plan).toBe(`tsx ${PLAN_NODE_FLAGS.join(" ")} scripts/plan.ts`);
    expect(packageJson.scripts.report).toBe(`tsx ${PLAN_NODE_FLAGS.join(" ")} scripts/report.ts`);
  });
});
