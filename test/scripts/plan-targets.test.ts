import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baselineTenant, ROOT_DIR } from "../helpers/declarations";
import { URN } from "../helpers/plan";
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

function targets(dir: string) {
  const run = spawnSync(process.execPath, [join(ROOT_DIR, "node_modules/tsx/dist/cli.mjs"), "scripts/plan.ts", "--base", "main", "--targets"], { cwd: dir, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run plan -- --base REF --targets", () => {
  it("prints the new tenant's URNs when a pull request only adds its file, and nothing once another file changes", () => {
    const dir = cloneOfHead();
    // Without apps, so the list stays readable: the tenant's own resources.
    const tenant = { ...baselineTenant({ apps: {} }) };
    writeFileSync(join(dir, "tenants", "les-semeurs.ts"), `export default ${JSON.stringify(tenant)};\n`);
    const child = (type: string, name: string) => `${URN.tenant("les-semeurs").replace("::les-semeurs", "")}$${type}::les-semeurs-${name}`;
    const urns = [
      child("keycloak:index/realm:Realm", "realm"),
      child("keycloak:index/requiredAction:RequiredAction", "totp"),
      child("keycloak:index/user:User", "admin-admin@semeurs.example"),
      child("keycloak:index/userRoles:UserRoles", "admin-admin@semeurs.example-roles"),
      child("kubernetes:core/v1:LimitRange", "limits"),
      URN.namespace("les-semeurs"),
      child("kubernetes:core/v1:ResourceQuota", "quota"),
      child("kubernetes:networking.k8s.io/v1:NetworkPolicy", "default-deny"),
      child("kubernetes:networking.k8s.io/v1:NetworkPolicy", "dns"),
      child("kubernetes:networking.k8s.io/v1:NetworkPolicy", "from-ingress"),
      URN.tenant("les-semeurs"),
    ];
    expect(targets(dir)).toEqual({ status: 0, stdout: urns.map((u) => `${u}\n`).join(""), stderr: "" });

    writeFileSync(join(dir, "README.md"), "changed\n");
    expect(targets(dir)).toEqual({ status: 0, stdout: "", stderr: "" });
  });
});
