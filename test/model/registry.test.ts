import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DeclarationError } from "../../model/problems";
import { discoverTenantFiles, loadDeclarations } from "../../model/registry";
import prod from "../../stacks/prod";
import { baselineTenant, ROOT_DIR, writeTenantDir } from "../helpers/declarations";

const fleet = { input: prod, file: "stacks/prod.ts" };

async function problemsLoading(tenantsDir: string, fleetInput: unknown = prod) {
  try {
    await loadDeclarations({ rootDir: tenantsDir, fleet: { input: fleetInput, file: "stacks/prod.ts" }, tenantsDir });
  } catch (error) {
    if (error instanceof DeclarationError) return error.problems;
    throw error;
  }
  throw new Error("the declarations loaded without a problem");
}

describe("tenant registry", () => {
  it("discovers every tenant file by itself, sorted, skipping helpers, tests and other files", () => {
    const dir = writeTenantDir({
      "zebre.ts": {},
      "abeille.ts": {},
      "_shared.ts": "export const x = 1;\n",
      "abeille.test.ts": "",
      "types.d.ts": "",
      "README.md": "",
    });
    expect(discoverTenantFiles(dir)).toEqual([join(dir, "abeille.ts"), join(dir, "zebre.ts")]);
  });

  it("loads the repository's tenant files with no other registration than the files", async () => {
    const { tenants } = await loadDeclarations({ rootDir: ROOT_DIR, fleet, tenantsDir: join(ROOT_DIR, "tenants") });
    expect(tenants.map((t) => [t.file, t.tenant.cluster])).toEqual([
      ["tenants/amap-du-plateau.ts", "ada-lovelace"],
      ["tenants/cafe-des-possibles.ts", "louise-michel"],
      ["tenants/fede-educpop.ts", "louise-michel"],
      ["tenants/la-fourmiliere.ts", "ada-lovelace"],
      ["tenants/sante-solidaire.ts", "ada-lovelace"],
    ]);
  });

  it("picks up a new file with nothing else touched", async () => {
    const dir = writeTenantDir({ "les-semeurs.ts": baselineTenant() });
    const { tenants } = await loadDeclarations({ rootDir: dir, fleet, tenantsDir: dir });
    expect(tenants.map((t) => t.tenant.id)).toEqual(["les-semeurs"]);
  });

  it("reports the problems of every file at once: schema, names, duplicates and unknown clusters", async () => {
    const dir = writeTenantDir({
      "les-semeurs.ts": baselineTenant(),
      "copie.ts": baselineTenant({ domain: "copie.example" }),
      "la-ruche.ts": baselineTenant({ id: "la-ruche", domain: "laruche.example", cluster: "marie-curie" }),
      "typo.ts": { ...baselineTenant({ id: "typo", domain: "typo.example" }), contacts: "x@typo.example" },
    });
    expect(await problemsLoading(dir)).toEqual([
      {
        file: "typo.ts",
        field: "contacts",
        message:
          'unknown field "contacts" (did you mean "contact"?); the fields allowed here are id, name, contact, cluster, domain, state, plan, sso, apps, adopt, move, backups',
      },
      {
        file: "copie.ts",
        field: "id",
        message: '"les-semeurs" does not match the file name; rename the file to tenants/les-semeurs.ts or set id: "copie"',
      },
      { file: "copie.ts", field: "id", message: '"les-semeurs" is also the id of les-semeurs.ts; each organisation needs its own id' },
      { file: "les-semeurs.ts", field: "id", message: '"les-semeurs" is also the id of copie.ts; each organisation needs its own id' },
      {
        file: "la-ruche.ts",
        field: "cluster",
        message: '"marie-curie" is not a cluster of stacks/prod.ts; use "ada-lovelace" or "louise-michel"',
      },
    ]);
  });

  it("reports a file that does not load or exports nothing, and still checks the others", async () => {
    const dir = writeTenantDir({
      "casse.ts": "export default {\n",
      "vide.ts": "export const tenant = {};\n",
      "les-semeurs.ts": baselineTenant({ state: "paused" as "active" }),
    });
    const problems = await problemsLoading(dir);
    expect(problems.map((p) => [p.file, p.field])).toEqual([
      ["casse.ts", ""],
      ["les-semeurs.ts", "state"],
      ["vide.ts", ""],
    ]);
    expect(problems[0]!.message).toMatch(/^cannot be loaded \(.+\); fix the TypeScript error$/);
    expect(problems[2]!.message).toBe("has no default export; write `export default defineTenant({ ... })`");
  });

  it("checks tenant files even when the fleet itself is invalid", async () => {
    const dir = writeTenantDir({ "les-semeurs.ts": baselineTenant({ contact: "nope" }) });
    const badFleet = { ...prod, baseDomain: "Jardin" };
    expect((await problemsLoading(dir, badFleet)).map((p) => [p.file, p.field])).toEqual([
      ["stacks/prod.ts", "baseDomain"],
      ["les-semeurs.ts", "contact"],
    ]);
  });

  it("says in one error which files to fix and how", async () => {
    const dir = writeTenantDir({ "les-semeurs.ts": { ...baselineTenant(), apps: { jitsi: { maxResolution: 1080 } } } });
    await expect(loadDeclarations({ rootDir: dir, fleet, tenantsDir: dir })).rejects.toThrow(
      "jardin: 1 problem in the declarations; nothing was deployed:\n" +
        "  - les-semeurs.ts: apps.jitsi.maxResolution: 1080p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower",
    );
  });
});
