import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baselineTenant } from "../helpers/declarations";
import { prodPlan, URN } from "../helpers/plan";
import { planInProcess } from "../helpers/plan-command";
import { copyOfWorkingTree } from "../helpers/copy-repo";

/** This working tree, committed as `main` of a fresh repository. */
function cloneOfHead(): string {
  const dir = copyOfWorkingTree();
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.org", ...args], { stdio: "pipe" });
  git("init", "-q", "-b", "main");
  // A symlink, unlike the folder of a real checkout, escapes .gitignore's `node_modules/`.
  writeFileSync(join(dir, ".git", "info", "exclude"), "node_modules\n");
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  return dir;
}

/**
 * `npm run plan -- --base main --targets` in that repository, run in this process. Its main is this
 * working tree committed, so the plan of main is the suite's shared prod plan (how the plan of a
 * commit is made, in a process of its own, is plan-cli.test.ts's "diffs against a git ref").
 */
function targets(dir: string) {
  return planInProcess(["--base", "main", "--targets"], { rootDir: dir, planCommit: ({ ref, rootDir }) => (expect([ref, rootDir]).toEqual(["main", dir]), prodPlan().snapshot) });
}

describe("npm run plan -- --base REF --targets", () => {
  it("prints the new tenant's URNs and the shared ones it touches when a pull request only adds its file, and nothing once another file changes", async () => {
    const dir = cloneOfHead();
    // The README's own example: Jitsi opens a port in the cluster's firewall, a name under the base
    // domain adds records to the fleet's zone. Both are targeted with the tenant's own resources.
    const tenant = baselineTenant({ domain: "les-semeurs.jardin.example", contact: "contact@les-semeurs.jardin.example", sso: { admins: ["admin@les-semeurs.jardin.example"] }, apps: { jitsi: {} } });
    writeFileSync(join(dir, "tenants", "les-semeurs.ts"), `export default ${JSON.stringify(tenant)};\n`);
    const printed = await targets(dir);
    expect(printed.stderr).toBe("");
    expect(printed.status).toBe(0);
    const lines = printed.stdout.trim().split("\n");
    expect(lines.every((line) => line.startsWith("urn:pulumi:prod::jardin::"))).toBe(true);
    expect(lines).toContain(URN.tenant("les-semeurs"));
    expect(lines).toContain(URN.namespace("les-semeurs"));
    expect(lines.filter((urn) => urn.endsWith("$hcloud:index/firewall:Firewall::ada-lovelace-firewall"))).toHaveLength(1);
    expect(lines.filter((urn) => urn.includes("hcloud:index/zoneRrset:ZoneRrset::") && urn.includes("visio.les-semeurs"))).not.toEqual([]);

    writeFileSync(join(dir, "README.md"), "changed\n");
    expect(await targets(dir)).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});
