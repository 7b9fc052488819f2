import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toDeterministicJson } from "../../scripts/plan/snapshot";
import { baselineTenant, exampleTenantFiles, ROOT_DIR, writeTenantDir } from "../helpers/declarations";
import { planWithTenants, prodPlan } from "../helpers/plan";
import { tempDir } from "../helpers/temp";

/** `npm run plan -- <args>`, as a user runs it. */
function plan(...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT_DIR, "node_modules/tsx/dist/cli.mjs"), "scripts/plan.ts", ...args], {
    cwd: ROOT_DIR,
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * A base snapshot file, as `--out` writes it, of the plan with these tenant files: recorded in this
 * process, so that each test spawns the command it is about once.
 */
async function baseFile(files: Readonly<Record<string, unknown>>): Promise<string> {
  const file = join(tempDir("plan"), "base.json");
  writeFileSync(file, toDeterministicJson((await planWithTenants(files)).snapshot));
  return file;
}

describe("npm run plan", () => {
  it("fails, saying why, when the program never finishes, instead of ending with no plan and no error", () => {
    const file = join(tempDir("program"), "never.ts");
    writeFileSync(file, "export default () => new Promise(() => {});\n");
    const run = plan("--program", file);
    expect(run.stderr).toBe("the program never finished: some Output or promise never resolves (an apply that waits on itself, a promise never resolved)\n");
    expect(run.stdout).toBe("");
    expect(run.status).toBe(1);
  });

  it("writes identical snapshots on two runs", () => {
    const file = join(tempDir("plan"), "a.json");
    const run = plan("--out", file);
    expect(run.status).toBe(0);
    const count = (JSON.parse(readFileSync(file, "utf8")) as { resources: unknown[] }).resources.length;
    // The example fleet's placeholders come between (model/example-fleet.ts).
    expect(run.stdout).toMatch(new RegExp(`^wrote ${file}: ${count} resources\n\nexample fleet [^\n]*\n(  - [^\n]*\n)+\npolicies: `));
    expect(run.stdout).not.toContain("[mandatory]");
    // The other run: the one the suite recorded for every test, in another process.
    expect(readFileSync(file, "utf8")).toBe(toDeterministicJson(prodPlan().snapshot));
  });

  it("diffs against a snapshot file: a new tenant file without Jitsi shows as additions only", async () => {
    const base = await baseFile(exampleTenantFiles());
    // No Jitsi: its videobridge port would also open in the cluster's firewall, a change.
    const headTenants = writeTenantDir({ ...exampleTenantFiles(), "les-semeurs.ts": baselineTenant({ apps: { nextcloud: { storageGiB: 50 } } }) });
    const diff = plan("--tenants", headTenants, "--base", base);
    expect(diff.status).toBe(0);
    // Nextcloud, the realm, isolation and the volume backups (4) of the new tenant.
    expect(diff.stdout).toContain("tenant les-semeurs: 55 to add\n");
    expect(diff.stdout).toContain("total: 55 to add, 0 to change, 0 to remove\n");
  });

  it("refuses a Matrix server name that differs from the base's, with the way back", async () => {
    const withMatrix = (serverName: string) => ({ "les-semeurs.ts": baselineTenant({ apps: { matrix: { serverName } } }) });
    const diff = plan("--tenants", writeTenantDir(withMatrix("chat.semeurs.example")), "--base", await baseFile(withMatrix("semeurs.example")));
    expect(diff.status).toBe(1);
    // Synapse's homeserver.yaml, Element's config and the workload's annotation each carry it.
    expect(diff.stderr).toBe("jardin: the data-loss gate refused 3 changes; each one above says what to do instead\n");
    expect(diff.stdout).toContain(
      'REFUSED: tenant les-semeurs: kubernetes:core/v1:ConfigMap les-semeurs-matrix-config changes the Matrix server name (homeserver.yaml server_name) from "semeurs.example", as the base holds it, to "chat.semeurs.example"',
    );
    expect(diff.stdout).toContain('set apps.matrix.serverName: "semeurs.example" back in tenants/les-semeurs.ts');
  });

  it("diffs against a git ref by planning that commit", () => {
    const diff = plan("--base", "HEAD");
    expect(diff.stderr).toBe("");
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/^jardin plan diff · against HEAD\n/);
  });

  it("fails with the file, field and fix, and no stack trace, when a tenant file is wrong", () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": { ...baselineTenant(), apps: { jitsi: { maxResolution: 1080 } } } });
    const run = plan("--tenants", tenants);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "les-semeurs.ts: apps.jitsi.maxResolution: 1080p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("points at the line and column of a syntax error in a tenant file, with what was expected", () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": 'export default {\n  id: "les-semeurs",\n  name: "Les Semeurs"\n  contact: "x@semeurs.example",\n};\n' });
    const run = plan("--tenants", tenants);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('les-semeurs.ts: does not compile at line 4, column 3: Expected "}" but found "contact"; fix the TypeScript there\n');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("fails a diff that deletes an active tenant, with the remedy, and prints it as markdown", async () => {
    const run = plan("--tenants", writeTenantDir({}), "--base", await baseFile({ "les-semeurs.ts": baselineTenant() }), "--format", "markdown");
    expect(run.status).toBe(1);
    // Its namespace, realm, files and database, the database's archive store and scheduled
    // backup, its volume-backup schedule, that repository's password and the exports' passphrase: each says archive first.
    expect(run.stdout).toContain("**data-loss gate: 9 refused**");
    expect(run.stdout.split("\n").filter((line) => line.startsWith("- **⛔ refused:")).every((line) => line.includes("take its export (npm run export -- les-semeurs)"))).toBe(true);
    expect(run.stderr).toBe("jardin: the data-loss gate refused 9 changes; each one above says what to do instead\n");
  });

  it("says in the markdown comment too why nothing could be planned", () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": { ...baselineTenant(), apps: { jitsi: { maxResolution: 1080 } } } });
    const run = plan("--tenants", tenants, "--base", "HEAD", "--format", "markdown");
    expect(run.status).toBe(1);
    // The file is named relative to the repository, here from a temp folder.
    expect(run.stdout.replace(/\S*(?=les-semeurs\.ts)/, "")).toBe(
      [
        "<!-- jardin-plan -->",
        "### jardin plan · failed",
        "",
        "**Nothing could be planned; fix what this says and push again:**",
        "",
        "```",
        "jardin: 1 problem in the declarations; nothing was deployed:",
        "  - les-semeurs.ts: apps.jitsi.maxResolution: 1080p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower",
        "```",
        "",
      ].join("\n"),
    );
  });
});
