import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { PLAN_OPTIONS } from "../scripts/plan/cli";
import { ROOT_DIR } from "./helpers/declarations";
import { prodPlan } from "./helpers/plan";

const readme = readFileSync(join(ROOT_DIR, "README.md"), "utf8");

describe("README", () => {
  it("documents every option of the plan in its table", () => {
    const documented = [...readme.matchAll(/^\| `(--[a-z]+)/gm)].map((m) => m[1]);
    expect(new Set(documented)).toEqual(new Set(Object.keys(PLAN_OPTIONS).map((name) => `--${name}`)));
  });

  it("has a Day 2 recipe for every routine the collective needs", () => {
    const day2 = readme.slice(readme.indexOf("## Day 2"));
    for (const recipe of [
      "Add an organisation", "Suspend, then archive one", "Export an organisation's data and let it go",
      "Move one from `louise-michel` to `ada-lovelace`", "Rotate a secret", "Upgrade k3s, one minor version at a time", "Upgrade a platform chart",
      "Add or resize a pool", "Add a cluster",
      "Restore a database", "Restore a volume", "Replace a dead node", "Recover the state backend",
    ]) {
      expect(day2).toContain(`**${recipe}`);
    }
  });
});

describe("the repository's own documents", () => {
  it("are the only ones it points to: every upper-case .md file named in it is one of its files", () => {
    const git = (...args: string[]) => execFileSync("git", ["-C", ROOT_DIR, ...args], { encoding: "utf8" }).split("\n").filter((l) => l !== "");
    const files = git("ls-files", "--cached", "--others", "--exclude-standard").filter((f) => !f.startsWith("node_modules/"));
    const present = new Set(files.map((f) => basename(f)));
    const named = files
      // Upstream charts' files kept verbatim as contracts name their own repository's documents.
      .filter((f) => !f.endsWith("package-lock.json") && !/^test\/contracts\/(charts|crds)\//.test(f) && existsSync(join(ROOT_DIR, f)))
      .flatMap((file) => [...readFileSync(join(ROOT_DIR, file), "utf8").matchAll(/(?<![\w/.-])([A-Z][A-Z0-9_-]*\.md)\b/g)].map((m) => ({ file, name: m[1]! })));
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ name }) => !present.has(name))).toEqual([]);
  });
});

describe("README's recipes", () => {
  it("name URNs the prod plan really has", () => {
    const urns = [...readme.matchAll(/'(urn:pulumi:[^']+)'/g)].map((m) => m[1]!);
    expect(urns.length).toBeGreaterThan(0);
    const { snapshot } = prodPlan();
    const planned = new Set(snapshot.resources.map((r) => r.urn));
    expect(urns.filter((urn) => !planned.has(urn))).toEqual([]);
  });
});
