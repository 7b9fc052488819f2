import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordPlan, type RecordedPlan } from "../../scripts/plan/record";
import { toDeterministicJson } from "../../scripts/plan/snapshot";
import { baselineTenant, repositoryTenantFiles, writeTenantDir } from "../helpers/declarations";
import { planWithTenants, prodPlan } from "../helpers/plan";
import { planInProcess, spawnScript } from "../helpers/plan-command";
import { tempDir } from "../helpers/temp";

// Most of the command's behaviour runs in this process (scripts/plan/run.ts, what scripts/plan.ts
// runs), on the suite's shared prod plan where the head is the working tree's. Four tests spawn
// `npm run plan` as a user runs it: a plan written out, a refused diff's exit code, a program that
// never finishes (only a process of its own runs out of work) and a tenant file that does not
// compile (the compiler's message is tsx's; the test runner compiles files its own way).

/** `npm run plan -- <args>`, as a user runs it. */
const plan = (...args: string[]) => spawnScript("plan", args);

/** A base snapshot file, as `--out` writes it, of this plan. */
function snapshotFile(recorded: RecordedPlan): string {
  const file = join(tempDir("plan"), "base.json");
  writeFileSync(file, toDeterministicJson(recorded.snapshot));
  return file;
}

/** A base snapshot file of the plan with these tenant files, recorded in this process. */
async function baseFile(files: Readonly<Record<string, unknown>>): Promise<string> {
  return snapshotFile(await planWithTenants(files));
}

describe("npm run plan", () => {
  it("fails, saying why, when the program never finishes, instead of ending with no plan and no error", () => {
    const file = join(tempDir("program"), "never.ts");
    writeFileSync(file, "export default () => new Promise(() => {});\n");
    // No tenant: the program is the fleet alone, then the one that never finishes.
    const run = plan("--tenants", writeTenantDir({}), "--program", file);
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
    // The base: the working tree's prod plan; the head: the same tenant files and one more.
    let head: RecordedPlan | undefined;
    const record: typeof recordPlan = async (options) => (head = await recordPlan(options));
    // No Jitsi: its videobridge port would also open in the cluster's firewall, a change.
    const headTenants = writeTenantDir({ ...repositoryTenantFiles(), "les-semeurs.ts": baselineTenant({ apps: { nextcloud: { storageGiB: 50 } } }) });
    const diff = await planInProcess(["--tenants", headTenants, "--base", snapshotFile(prodPlan())], { record });
    expect(diff.stderr).toBe("");
    expect(diff.status).toBe(0);
    // Nextcloud, the realm, isolation and the volume backups of the new tenant: every resource the
    // head has more than the base is the new tenant's, and nothing else changes.
    const added = head!.snapshot.resources.length - prodPlan().snapshot.resources.length;
    expect(added).toBeGreaterThan(0);
    expect(diff.stdout).toContain(`tenant les-semeurs: ${added} to add\n`);
    expect(diff.stdout).toContain(`total: ${added} to add, 0 to change, 0 to remove\n`);
  });

  it("refuses a Matrix server name that differs from the base's, with the way back", async () => {
    const withMatrix = (serverName: string) => ({ "les-semeurs.ts": baselineTenant({ apps: { matrix: { serverName } } }) });
    const diff = await planInProcess(["--tenants", writeTenantDir(withMatrix("chat.semeurs.example")), "--base", await baseFile(withMatrix("semeurs.example"))]);
    expect(diff.status).toBe(1);
    // Synapse's homeserver.yaml, Element's config and the workload's annotation each carry it.
    expect(diff.stderr).toBe("jardin: the data-loss gate refused 3 changes; each one above says what to do instead\n");
    expect(diff.stdout).toContain(
      'REFUSED: tenant les-semeurs: kubernetes:core/v1:ConfigMap les-semeurs-matrix-config changes the Matrix server name (homeserver.yaml server_name) from "semeurs.example", as the base holds it, to "chat.semeurs.example"',
    );
    expect(diff.stdout).toContain('set apps.matrix.serverName: "semeurs.example" back in tenants/les-semeurs.ts');
  });

  it("diffs against a git ref by planning that commit", async () => {
    // The head is the shared prod plan; the base, HEAD's own plan, is made in a process of its own
    // from an export of that commit (scripts/plan/base.ts, planOfCommit), as it always is.
    const diff = await planInProcess(["--base", "HEAD"]);
    expect(diff.stderr).toBe("");
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(/^jardin plan diff · against HEAD\n/);
  });

  it("fails with the file, field and fix, and no stack trace, when a tenant file is wrong", async () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": { ...baselineTenant(), apps: { jitsi: { maxResolution: 1080 } } } });
    const run = await planInProcess(["--tenants", tenants]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "les-semeurs.ts: apps.jitsi.maxResolution: 1080p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower",
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("points at the line and column of a syntax error in a tenant file, with what was expected", () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": 'export default {\n  id: "les-semeurs",\n  name: "Les Semeurs"\n  contact: "x@semeurs.example",\n};\n' });
    // Spawned: the message is the compiler's, and only `npm run plan` loads tenant files with tsx.
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

  it("says in the markdown comment too why nothing could be planned", async () => {
    const tenants = writeTenantDir({ "les-semeurs.ts": { ...baselineTenant(), apps: { jitsi: { maxResolution: 1080 } } } });
    const run = await planInProcess(["--tenants", tenants, "--base", "HEAD", "--format", "markdown"]);
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
